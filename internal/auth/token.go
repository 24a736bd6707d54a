// Package auth signs and verifies the bearer tokens of the API and turns a
// verified token into the viewer (internal/viewer) that the data layer's
// privacy rules read.
package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"cchc/internal/viewer"
)

// Issuer is the iss claim of the tokens this product signs.
const Issuer = "cchc"

// Claims are the claims of a token: the standard ones, the caller's role and
// the official code of the caller's unit.
type Claims struct {
	jwt.RegisteredClaims
	Role viewer.Role `json:"role"`
	Unit string      `json:"unit"`
}

// Sign returns an HS256 token for subject with role and unit, valid for ttl from now.
func Sign(secret []byte, subject string, role viewer.Role, unit string, ttl time.Duration) (string, error) {
	if !role.Valid() {
		return "", fmt.Errorf("unknown role %q (one of %v)", role, viewer.Roles)
	}
	if ttl <= 0 {
		return "", errors.New("the token's lifetime must be positive")
	}
	now := time.Now()
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
		Role: role,
		Unit: unit,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}

// Verify checks a token's signature (HS256 only: "none" and other algorithms
// are refused), its expiry (required), its not-before and issuer, and returns
// its claims.
func Verify(secret []byte, token string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(Issuer),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if !c.Role.Valid() {
		return nil, fmt.Errorf("unknown role %q", c.Role)
	}
	if c.Unit == "" || c.Subject == "" {
		return nil, errors.New("the token names no unit or no subject")
	}
	return &c, nil
}
