package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"cchc/ent/privacy"
	"cchc/ent/unit"
	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestTokenCriticalHeaderAndStringTimes: a token of an active account,
// signed with the server's secret, is refused (401 UNAUTHENTICATED) when its
// header names critical extensions (crit) or when exp, nbf or iat is a JSON
// string, or when a segment is not canonical base64url; the same token
// without them is honoured.
func TestTokenCriticalHeaderAndStringTimes(t *testing.T) {
	apitest.ForEach(t, false, func(t *testing.T, env *apitest.Env) {
		if err := env.DB.Client.Unit.Create().SetCode("30").SetName("Hải Dương").SetLevel(unit.LevelPROVINCE).SetKind(unit.KindPROVINCE).
			Exec(privacy.DecisionContext(context.Background(), privacy.Allow)); err != nil {
			t.Fatal(err)
		}
		env.Token(t, viewer.ProvinceOfficer, "30") // the account PROVINCE_OFFICER@30
		now := time.Now().Unix()
		sign := func(header map[string]any, kv ...any) string {
			t.Helper()
			c := jwt.MapClaims{"iss": "cchc", "sub": "PROVINCE_OFFICER@30", "role": "PROVINCE_OFFICER", "unit": "30",
				"iat": now, "nbf": now, "exp": now + 3600}
			for i := 0; i < len(kv); i += 2 {
				c[kv[i].(string)] = kv[i+1]
			}
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
			for k, v := range header {
				tok.Header[k] = v
			}
			s, err := tok.SignedString(env.Secret)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		valid := sign(nil)
		if r := env.Do(t, valid, `{ units { totalCount } }`, nil); r.Status != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("the plain token must pass: %d %+v", r.Status, r.Errors)
		}
		// An HS256 signature is 32 bytes: 43 base64url characters, the last
		// carrying 2 bits that canonical encoding leaves zero.
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		last := strings.IndexByte(alphabet, valid[len(valid)-1])
		for name, tok := range map[string]string{
			"crit naming exp":        sign(map[string]any{"crit": []string{"exp"}}),
			"crit naming b64":        sign(map[string]any{"crit": []string{"b64"}, "b64": false}),
			"crit empty":             sign(map[string]any{"crit": []string{}}),
			"exp a string of digits": sign(nil, "exp", strconv.FormatInt(now+3600, 10)),
			"nbf a string of digits": sign(nil, "nbf", strconv.FormatInt(now, 10)),
			"iat a string of digits": sign(nil, "iat", strconv.FormatInt(now, 10)),
			// Names match whatever their case; the last one counts, here the string.
			"EXP a number, exp a string": sign(nil, "EXP", now+3600, "exp", strconv.FormatInt(now+3600, 10)),
			"signature with stray bits":  valid[:len(valid)-1] + string(alphabet[last|1]),
		} {
			t.Run(name, func(t *testing.T) {
				r := env.Do(t, tok, `{ units { totalCount } }`, nil)
				if r.Status != http.StatusUnauthorized || len(r.Errors) != 1 || r.Errors[0].Code() != "UNAUTHENTICATED" {
					t.Fatalf("want 401 UNAUTHENTICATED, got %d %+v", r.Status, r.Errors)
				}
			})
		}
	})
}
