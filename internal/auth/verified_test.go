package auth

import (
	"testing"
	"time"

	"cchc/internal/viewer"
)

// TestVerifiedCache: keys with the cache answer a verified token from it
// until the token expires, and verify anew any other token, even one that
// differs from a remembered token only in its signature.
func TestVerifiedCache(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	keys := Keys{Secret: secret}.WithVerifiedCache()
	tok, err := Sign(secret, "officer", viewer.CommuneOfficer, "11098", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		c, err := Verify(keys, tok)
		if err != nil || c.Subject != "officer" || c.Unit != "11098" || c.Role != viewer.CommuneOfficer {
			t.Fatalf("Verify: %+v, %v", c, err)
		}
	}
	if _, ok := keys.verified.get(tok, time.Now()); !ok {
		t.Fatal("a verified token is not remembered")
	}
	if _, ok := keys.verified.get(tok, time.Now().Add(time.Hour+leeway)); ok {
		t.Fatal("a token is remembered past its expiry")
	}
	forged := tok[:len(tok)-2] + "AA"
	if forged == tok {
		forged = tok[:len(tok)-2] + "BB"
	}
	if _, err := Verify(keys, forged); err == nil {
		t.Fatal("a token with another signature verified")
	}
	other, _ := Sign([]byte("another secret, another server.."), "officer", viewer.CommuneOfficer, "11098", time.Hour)
	if _, err := Verify(keys, other); err == nil {
		t.Fatal("a token signed with another secret verified")
	}
}
