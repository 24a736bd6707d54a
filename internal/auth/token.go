// Package auth signs and verifies the bearer tokens of the API and turns a
// verified token into the viewer (internal/viewer) that the data layer's
// privacy rules read.
package auth

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
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

// Keys are what tokens are verified with: the HS256 secret of the tokens
// cchc signs itself and, optionally, the public key (RSA or Ed25519) of an
// external identity provider whose RS256 or EdDSA tokens are honoured too.
type Keys struct {
	Secret []byte
	Public crypto.PublicKey
	// PublicIssuer is the iss claim required of the provider's tokens; empty accepts any.
	PublicIssuer string

	verified *verifiedCache // WithVerifiedCache; nil verifies every time
}

// leeway is how far off the clocks of token issuers may be.
const leeway = 30 * time.Second

// Verify checks a token's signature and algorithm (HS256 with the secret;
// RS256 or EdDSA with the provider's key when one is configured; "none" and
// any other algorithm are refused, and an HS256 token is never checked
// against the public key), its expiry (required), not-before and issuer, and
// returns its claims.
func Verify(keys Keys, token string) (*Claims, error) {
	if keys.verified == nil {
		return verify(keys, token)
	}
	if c, ok := keys.verified.get(token, time.Now()); ok {
		return c, nil
	}
	c, err := verify(keys, token)
	if err == nil {
		keys.verified.put(token, c)
	}
	return c, err
}

func verify(keys Keys, token string) (*Claims, error) {
	methods := []string{jwt.SigningMethodHS256.Alg()}
	switch keys.Public.(type) {
	case *rsa.PublicKey:
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	case ed25519.PublicKey:
		methods = append(methods, jwt.SigningMethodEdDSA.Alg())
	}
	var c Claims
	t, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		if t.Method == jwt.SigningMethodHS256 {
			return keys.Secret, nil
		}
		return keys.Public, nil
	},
		jwt.WithValidMethods(methods),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(leeway),
	)
	if err != nil {
		return nil, err
	}
	wantIssuer := Issuer
	if t.Method != jwt.SigningMethodHS256 {
		wantIssuer = keys.PublicIssuer
	}
	if wantIssuer != "" && c.Issuer != wantIssuer {
		return nil, fmt.Errorf("the token's issuer %q is not %q", c.Issuer, wantIssuer)
	}
	if !c.Role.Valid() {
		return nil, fmt.Errorf("unknown role %q", c.Role)
	}
	if c.Unit == "" || c.Subject == "" {
		return nil, errors.New("the token names no unit or no subject")
	}
	return &c, nil
}
