package auth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"cchc/internal/viewer"
)

// fuzzSecret signs the tokens the fuzzer starts from; the keys under test
// hold it, so mutations of a valid token explore the checks after the
// signature's too.
var fuzzSecret = []byte(strings.Repeat("fuzz", 8))

// tokenSeeds are Authorization values and tokens of every shape: valid,
// expired, unsigned, of other algorithms, with critical header extensions,
// with times written as strings, truncated, padded.
func tokenSeeds(f *testing.F) []string {
	sign := func(m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, claims).SignedString(key)
		if err != nil {
			f.Fatal(err)
		}
		return s
	}
	critical := func(claims jwt.MapClaims) string {
		t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
		t.Header["crit"] = []string{"exp"}
		s, err := t.SignedString(fuzzSecret)
		if err != nil {
			f.Fatal(err)
		}
		return s
	}
	now := time.Now()
	claims := func(kv ...any) jwt.MapClaims {
		c := jwt.MapClaims{"iss": Issuer, "sub": "PROVINCE_OFFICER@30", "role": "PROVINCE_OFFICER", "unit": "30",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		for i := 0; i < len(kv); i += 2 {
			c[kv[i].(string)] = kv[i+1]
		}
		return c
	}
	valid, err := Sign(fuzzSecret, "DISTRICT_OFFICER@298", viewer.DistrictOfficer, "298", time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	return []string{
		valid,
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("exp", now.Add(-time.Hour).Unix())),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("role", "ROOT")),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("unit", 30, "sub", nil)),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("exp", "tomorrow")),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("exp", fmt.Sprint(now.Add(time.Hour).Unix()))),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("nbf", fmt.Sprint(now.Unix()))),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("iat", fmt.Sprint(now.Unix()))),
		critical(claims()),
		sign(jwt.SigningMethodHS256, fuzzSecret, claims("iss", "elsewhere")),
		sign(jwt.SigningMethodHS512, fuzzSecret, claims()),
		sign(jwt.SigningMethodHS256, []byte("other key of thirty-two bytes..."), claims()),
		sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims()),
		valid[:len(valid)-5],
		valid + "=",
		strings.ReplaceAll(valid, ".", ".."),
		"eyJhbGciOiJIUzI1NiJ9.e30.",
		"..",
		"not-a-token",
		"",
		"a.b.c.d",
		strings.Repeat("A", 10000),
	}
}

// FuzzVerify: no token panics the parser, and one it accepts holds the
// claims the API relies on.
func FuzzVerify(f *testing.F) {
	for _, s := range tokenSeeds(f) {
		f.Add(s)
	}
	keys := Keys{Secret: fuzzSecret}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := Verify(keys, token)
		if err != nil {
			if c != nil {
				t.Fatalf("claims %+v beside the error %v", c, err)
			}
			return
		}
		if !c.Role.Valid() || c.Subject == "" || c.Unit == "" || c.Issuer != Issuer || c.ExpiresAt == nil {
			t.Fatalf("accepted incomplete claims %+v", c)
		}
	})
}

// FuzzAuthorization: any Authorization header that does not carry a valid
// token answers 401 with a GraphQL error coded UNAUTHENTICATED, and never
// reaches the handler behind.
func FuzzAuthorization(f *testing.F) {
	for _, s := range tokenSeeds(f) {
		f.Add("Bearer " + s)
		f.Add(s)
	}
	for _, s := range []string{"Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", "Bearer  \t x", "Bearer Bearer x"} {
		f.Add(s)
	}
	// The account is not read: tokens that verify are left out below, so
	// no database is needed.
	a := &Authenticator{Keys: Keys{Secret: fuzzSecret}}
	h := a.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("the handler behind the token check was reached")
	}))
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.Header.Set("Authorization", header)
		if a.Keys.Subject(r) != "" {
			t.Skip("a valid token: its account is read from the database")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var body struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("HTTP %d, not JSON: %s", w.Code, w.Body)
		}
		if w.Code != http.StatusUnauthorized || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "UNAUTHENTICATED" ||
			w.Header().Get("WWW-Authenticate") == "" {
			t.Fatalf("HTTP %d %s, want 401 UNAUTHENTICATED", w.Code, w.Body)
		}
	})
}
