package auth

import (
	"sync"
	"time"
)

// Checking a token's signature and decoding its claims cost a request more
// than most of what it then does; a client sends the same token with every
// request for as long as it lives. So Keys made WithVerifiedCache remember
// the claims of the tokens they verified, until the token expires: a token
// verified once is not checked again, and one that failed is checked each
// time. The claims are keyed by the whole token, so a token differing in one
// byte (a forged signature) is verified anew.

// verifiedMax bounds the tokens remembered: past it the cache starts over.
const verifiedMax = 10_000

type verifiedCache struct {
	mu     sync.Mutex
	claims map[string]verifiedToken
}

type verifiedToken struct {
	claims Claims
	until  time.Time // its expiry, with the leeway Verify allows
}

// WithVerifiedCache returns keys that remember the tokens they verified.
func (k Keys) WithVerifiedCache() Keys {
	k.verified = &verifiedCache{claims: map[string]verifiedToken{}}
	return k
}

// get returns the claims of token if it was verified and has not expired.
func (c *verifiedCache) get(token string, now time.Time) (*Claims, bool) {
	c.mu.Lock()
	t, ok := c.claims[token]
	c.mu.Unlock()
	if !ok || !now.Before(t.until) {
		return nil, false
	}
	claims := t.claims
	return &claims, true
}

// put remembers the claims of a verified token.
func (c *verifiedCache) put(token string, claims *Claims) {
	if claims.ExpiresAt == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.claims) >= verifiedMax {
		clear(c.claims)
	}
	c.claims[token] = verifiedToken{*claims, claims.ExpiresAt.Add(leeway)}
}
