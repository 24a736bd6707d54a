// Package auth signs and verifies the bearer tokens of the API and turns a
// verified token into the viewer (internal/viewer) that the data layer's
// privacy rules read.
package auth

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
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

// UnmarshalJSON reads the claims, refusing exp, nbf or iat written as a
// JSON string: RFC 7519 makes them numbers, yet jwt's NumericDate also
// reads a string of digits ("exp": "9999999999"), which other verifiers
// refuse, and a token must not mean one thing here and another elsewhere.
// The library has no option for it.
func (c *Claims) UnmarshalJSON(b []byte) error {
	// The same names, matched as encoding/json matches them below.
	var times struct {
		Exp json.RawMessage `json:"exp"`
		Nbf json.RawMessage `json:"nbf"`
		Iat json.RawMessage `json:"iat"`
	}
	if err := json.Unmarshal(b, &times); err != nil {
		return err
	}
	for _, t := range []struct {
		name string
		raw  json.RawMessage
	}{{"exp", times.Exp}, {"nbf", times.Nbf}, {"iat", times.Iat}} {
		if len(t.raw) > 0 && t.raw[0] == '"' {
			return fmt.Errorf("the claim %s must be a number of seconds, not a string", t.name)
		}
	}
	type plain Claims // without this method
	return json.Unmarshal(b, (*plain)(c))
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
// returns its claims. A header naming critical extensions (crit) is refused:
// cchc understands none, and RFC 7515 §4.1.11 requires refusing a token
// whose critical extensions the recipient does not understand. Segments must
// be canonical base64url (no stray trailing bits), so that one token has
// one spelling.
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
		if _, ok := t.Header["crit"]; ok {
			return nil, errors.New("the token's header names critical extensions (crit), none of which cchc understands")
		}
		if t.Method == jwt.SigningMethodHS256 {
			return keys.Secret, nil
		}
		return keys.Public, nil
	},
		jwt.WithValidMethods(methods),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(leeway),
		jwt.WithStrictDecoding(),
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
