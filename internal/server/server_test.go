package server_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/golang-jwt/jwt/v5"

	"cchc/internal/apitest"
	"cchc/internal/auth"
	"cchc/internal/viewer"
)

// Half-year 1 of 2023 in Vietnam: [start, end).
const (
	h1Start = "2023-01-01T00:00:00+07:00"
	h1End   = "2023-07-01T00:00:00+07:00"
)

func TestTaiSonDossiersFirstHalf2023(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		for _, tok := range []string{
			env.Token(t, viewer.ProvinceOfficer, "30"),
			env.Token(t, viewer.DistrictOfficer, "298"),
			env.Token(t, viewer.CommuneOfficer, "11098"),
		} {
			var got struct {
				Units struct {
					Edges []struct {
						Node struct {
							Name   string
							Parent struct {
								Code   string
								Parent struct{ Code string }
							}
						}
					}
				}
				CarriedOver, Received struct{ TotalCount int }
			}
			env.OK(t, tok, `query($start: Time!, $end: Time!) {
  units(where: {code: "11098"}) { edges { node { name parent { code parent { code } } } } }
  carriedOver: dossiers(where: {hasUnitWith: {code: "11098"}, receivedAtLT: $start,
    or: [{finishedAtIsNil: true}, {finishedAtGTE: $start}]}) { totalCount }
  received: dossiers(where: {hasUnitWith: {code: "11098"}, receivedAtGTE: $start, receivedAtLT: $end}) { totalCount }
}`, map[string]any{"start": h1Start, "end": h1End}, &got)
			if len(got.Units.Edges) != 1 {
				t.Fatalf("want Tái Sơn, got %+v", got.Units)
			}
			n := got.Units.Edges[0].Node
			if n.Name != "Tái Sơn" || n.Parent.Code != "298" || n.Parent.Parent.Code != "30" {
				t.Errorf("Tái Sơn must sit under 298 under 30, got %+v", n)
			}
			if got.CarriedOver.TotalCount != 8 || got.Received.TotalCount != 404 {
				t.Errorf("carried over %d + received %d, want 8 + 404 = 412", got.CarriedOver.TotalCount, got.Received.TotalCount)
			}
		}
	})
}

func TestUnauthenticated(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := env.Token(t, viewer.ProvinceOfficer, "30") // creates the account PROVINCE_OFFICER@30
	env.Token(t, viewer.Analyst, "298")
	if _, err := env.DB.SQL.Exec("UPDATE accounts SET active = false WHERE subject = 'ANALYST@298'"); err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey)})
	now := time.Now()
	valid := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": auth.Issuer, "sub": "PROVINCE_OFFICER@30", "role": "PROVINCE_OFFICER", "unit": "30",
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	with := func(k string, v any) jwt.MapClaims {
		c := valid()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	cases := map[string]string{
		"no token":                  "",
		"garbage":                   "not-a-token",
		"other key":                 sign(jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), valid()),
		"alg none":                  sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid()),
		"HS512":                     sign(jwt.SigningMethodHS512, env.Secret, valid()),
		"expired":                   sign(jwt.SigningMethodHS256, env.Secret, with("exp", now.Add(-time.Hour).Unix())),
		"no expiry":                 sign(jwt.SigningMethodHS256, env.Secret, with("exp", nil)),
		"not yet valid":             sign(jwt.SigningMethodHS256, env.Secret, with("nbf", now.Add(time.Hour).Unix())),
		"unknown role":              sign(jwt.SigningMethodHS256, env.Secret, with("role", "ROOT")),
		"unknown unit":              sign(jwt.SigningMethodHS256, env.Secret, with("unit", "99999")),
		"other issuer":              sign(jwt.SigningMethodHS256, env.Secret, with("iss", "elsewhere")),
		"unit not string":           sign(jwt.SigningMethodHS256, env.Secret, with("unit", 30)),
		"RS256":                     sign(jwt.SigningMethodRS256, rsaKey, valid()),
		"public key as HMAC secret": sign(jwt.SigningMethodHS256, publicPEM, valid()),
		"no account":                sign(jwt.SigningMethodHS256, env.Secret, with("sub", "nobody")),
		"inactive account": sign(jwt.SigningMethodHS256, env.Secret, jwt.MapClaims{"iss": auth.Issuer, "sub": "ANALYST@298", "role": "ANALYST", "unit": "298",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}),
		"role the account does not hold": sign(jwt.SigningMethodHS256, env.Secret, with("role", "ANALYST")),
		"unit the account does not hold": sign(jwt.SigningMethodHS256, env.Secret, with("unit", "298")),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			r := env.Do(t, tok, `{ units { totalCount } }`, nil)
			if r.Status != http.StatusUnauthorized || len(r.Errors) != 1 || r.Errors[0].Code() != "UNAUTHENTICATED" {
				t.Fatalf("want 401 UNAUTHENTICATED, got %d %+v", r.Status, r.Errors)
			}
		})
	}
	for _, tok := range []string{good, sign(jwt.SigningMethodHS256, env.Secret, valid())} {
		r := env.Do(t, tok, `{ units { totalCount } }`, nil)
		if r.Status != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("a valid token must pass: %d %+v", r.Status, r.Errors)
		}
	}
	// Revoking the account refuses its tokens at once.
	if _, err := env.DB.SQL.Exec("UPDATE accounts SET active = false WHERE subject = 'PROVINCE_OFFICER@30'"); err != nil {
		t.Fatal(err)
	}
	if r := env.Do(t, good, `{ units { totalCount } }`, nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("a revoked account's token must be refused, got %d", r.Status)
	}
}

func TestCommuneSeesOnlyItsOwnRecords(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		var all struct {
			Units    struct{ TotalCount int }
			Dossiers struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
		env.OK(t, province, `{ units { totalCount } dossiers(first: 1, where: {hasUnitWith: {code: "11023"}}) { totalCount edges { node { id } } } }`, nil, &all)
		if all.Units.TotalCount != 7 || all.Dossiers.TotalCount == 0 {
			t.Fatalf("the province sees 7 units and Gia Hòa's dossiers, got %+v", all)
		}
		giaHoaDossier := all.Dossiers.Edges[0].Node.ID

		var mine struct {
			Units struct {
				Edges []struct{ Node struct{ Code string } }
			}
			Dossiers struct{ TotalCount int }
			GiaHoa   struct{ TotalCount int }
			Named    struct{ TotalCount int }
		}
		env.OK(t, taiSon, `{
  units { edges { node { code } } }
  dossiers { totalCount }
  giaHoa: dossiers(where: {hasUnitWith: {code: "11023"}}) { totalCount }
  named: units(where: {name: "Gia Hòa"}) { totalCount }
}`, nil, &mine)
		var codes []string
		for _, e := range mine.Units.Edges {
			codes = append(codes, e.Node.Code)
		}
		if strings.Join(codes, ",") != "30,298,11098" && len(codes) != 3 {
			t.Errorf("a commune sees itself and the units above it, got %v", codes)
		}
		if mine.GiaHoa.TotalCount != 0 || mine.Named.TotalCount != 0 {
			t.Errorf("Tái Sơn must learn nothing of Gia Hòa, got %+v", mine)
		}
		var own struct{ Dossiers struct{ TotalCount int } }
		env.OK(t, province, `{ dossiers(where: {hasUnitWith: {code: "11098"}}) { totalCount } }`, nil, &own)
		if mine.Dossiers.TotalCount != own.Dossiers.TotalCount {
			t.Errorf("Tái Sơn sees %d dossiers, it has %d", mine.Dossiers.TotalCount, own.Dossiers.TotalCount)
		}
		// A record out of scope answers exactly as one that does not exist.
		outOfScope := env.Do(t, taiSon, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": giaHoaDossier})
		missing := env.Do(t, taiSon, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "12884999999"})
		if len(outOfScope.Errors) != 1 || len(missing.Errors) != 1 ||
			outOfScope.Errors[0].Code() != "NOT_FOUND" || outOfScope.Errors[0].Message != missing.Errors[0].Message {
			t.Errorf("out of scope %+v must answer as missing %+v", outOfScope.Errors, missing.Errors)
		}
		// So does a write to it.
		const upd = `mutation($id: ID!) { updateDossier(id: $id, version: 1, input: {code: "X"}) { id } }`
		outOfScope = env.Do(t, taiSon, upd, map[string]any{"id": giaHoaDossier})
		missing = env.Do(t, taiSon, upd, map[string]any{"id": "12884999999"})
		if len(outOfScope.Errors) != 1 || len(missing.Errors) != 1 || outOfScope.Errors[0].Code() != missing.Errors[0].Code() ||
			outOfScope.Errors[0].Message != missing.Errors[0].Message {
			t.Errorf("a write out of scope %+v must answer as one to a missing record %+v", outOfScope.Errors, missing.Errors)
		}
		// Nor do searches, batches of IDs or guesses by name or code tell anything.
		var probes map[string]struct{ TotalCount int }
		env.OK(t, taiSon, `{
  byName: units(where: {nameContainsFold: "gia"}) { totalCount }
  byCode: units(where: {codeIn: ["11023", "297"]}) { totalCount }
  officials: officials(where: {hasUnitWith: {nameContainsFold: "gia"}}) { totalCount }
  plans: reformPlans(where: {hasUnitWith: {codeIn: ["11023", "297"]}}) { totalCount }
}`, nil, &probes)
		for k, v := range probes {
			if v.TotalCount != 0 {
				t.Errorf("%s told Tái Sơn of %d records", k, v.TotalCount)
			}
		}
		const batch = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
		outOfScope = env.Do(t, taiSon, batch, map[string]any{"ids": []string{giaHoaDossier}})
		missing = env.Do(t, taiSon, batch, map[string]any{"ids": []string{"12884999999"}})
		if string(outOfScope.Data) != string(missing.Data) || len(outOfScope.Errors) != len(missing.Errors) {
			t.Errorf("nodes out of scope %s %+v must answer as missing %s %+v", outOfScope.Data, outOfScope.Errors, missing.Data, missing.Errors)
		}
	})
}

// TestNestedListsBoundedStatements checks that nested lists cost a fixed
// number of SQL statements, whatever the number of rows.
func TestNestedListsBoundedStatements(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		const q = `query($where: UnitWhereInput) { units(first: 10, where: $where) { totalCount edges { node { code
  children { totalCount }
  dossiers(first: 20) { totalCount edges { node { code procedure { name } unit { code } } } }
  officials(first: 50) { totalCount edges { node { fullName trainings { title } } } }
  plans(first: 10) { totalCount edges { node { title tasks(first: 10) { totalCount edges { node { title lead { fullName } collaborators { fullName } } } } } } }
} } } }`
		count := func(where map[string]any) int64 {
			before := env.Statements()
			env.OK(t, tok, q, map[string]any{"where": where}, nil)
			return env.Statements() - before
		}
		one := count(map[string]any{"code": "11098"})
		all := count(nil)
		if one != all {
			t.Errorf("1 unit took %d statements, all 7 took %d: the count must not grow with the rows", one, all)
		}
		if all > 20 {
			t.Errorf("nested query took %d statements, want at most 20", all)
		}
		t.Logf("%s: %d statements for the nested query", env.Dialect, all)
	})
}

func TestNoInputAnswers500(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.ProvinceOfficer, "30")
	bodies := []string{
		``, `{`, `[]`, "{\"query\": \"{ units {\n totalCount } }\"}", `{"query": 5}`, `{"query": "{"}`, `{"query": "{ nope }"}`,
		`{"query": "{ node(id: \"abc\") { id } }"}`, `{"query": "{ node(id: \"-1\") { id } }"}`,
		`{"query": "{ dossiers(after: \"garbage\") { totalCount } }"}`,
		`{"query": "{ dossiers(first: -5) { totalCount } }"}`,
		`{"query": "{ units(where: {code: \"` + strings.Repeat("x", 100000) + `\"}) { totalCount } }"}`,
		`{"query": "query($d: Date!) { units(where: {validFromGT: $d}) { totalCount } }", "variables": {"d": "2023-13-45"}}`,
		`{"query": "mutation { updateDossier(id: 1, version: 1, input: {}) { id } }"}`,
		`{"query": "mutation { createUnit(input: {code: \"1\", name: \"x\", level: PROVINCE, kind: PROVINCE, parentID: \"zz\"}) { id } }"}`,
		// Too large or too deep an expression for SQLite.
		queryBody(orCodes(noSuchCodes(3000))),
		queryBody(`{ units(where: ` + strings.Repeat(`{hasParentWith: `, 30) + `{code: "x"}` + strings.Repeat(`}`, 30) + `) { totalCount } }`),
	}
	for _, b := range bodies {
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			req, _ := http.NewRequest(method, env.Server.URL+"/graphql", strings.NewReader(b))
			if method == http.MethodGet {
				req, _ = http.NewRequest(method, env.Server.URL+"/graphql?query="+url.QueryEscape(b), nil)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var v struct{ Errors []apitest.Error }
			decodeErr := json.NewDecoder(res.Body).Decode(&v)
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Errorf("%s %.80s: HTTP %d", method, b, res.StatusCode)
			}
			for _, e := range v.Errors {
				if e.Code() == "INTERNAL_SERVER_ERROR" {
					t.Errorf("%s %.80s: internal error %+v", method, b, e)
				}
			}
			if decodeErr != nil && res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusUnsupportedMediaType {
				t.Errorf("%s %.80s: HTTP %d, not JSON: %v", method, b, res.StatusCode, decodeErr)
			}
		}
	}
	if r := env.Do(t, tok, `{ units { totalCount } }`, nil); r.Status != http.StatusOK {
		t.Fatalf("server must keep serving, got %d", r.Status)
	}
}

// queryBody is the JSON body of a GraphQL request of query.
func queryBody(query string) string {
	b, _ := json.Marshal(map[string]string{"query": query})
	return string(b)
}

// TestEdgePredicatesStayInScope: has…With filters must not tell a commune
// whether records exist outside its scope.
func TestEdgePredicatesStayInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		taiSon := env.Token(t, viewer.CommuneOfficer, "11098")
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		const q = `{
  a: units(where: {hasChildrenWith: {name: "Gia Lộc"}}) { totalCount }
  b: units(where: {hasChildrenWith: {hasChildrenWith: {code: "11023"}}}) { totalCount }
  c: procedures(where: {hasDossiersWith: {hasUnitWith: {code: "11023"}}}) { totalCount }
  d: units(where: {code: "298", hasChildrenWith: {name: "Quang Phục"}}) { totalCount }
  e: units(where: {code: "298", not: {hasChildren: false}, hasPlans: true}) { totalCount }
}`
		var got, all map[string]struct{ TotalCount int }
		env.OK(t, province, q, nil, &all)
		if all["a"].TotalCount != 1 || all["c"].TotalCount == 0 || all["d"].TotalCount != 1 {
			t.Fatalf("the province sees these: %+v", all)
		}
		env.OK(t, taiSon, q, nil, &got)
		for k, v := range got {
			if v.TotalCount != 0 {
				t.Errorf("%s: Tái Sơn learned %d rows through edge predicates", k, v.TotalCount)
			}
		}
	})
}

// TestNestedEdgePredicatesStayInScope: the same through edges that entgql
// loads eagerly with their own where arguments.
func TestNestedEdgePredicatesStayInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		const q = `{ units(where: {code: "30"}) { edges { node {
  children(where: {hasChildrenWith: {name: "Quang Phục"}}) { totalCount edges { node { code } } }
  plans: children(where: {hasPlansWith: {yearGTE: 2000}}) { totalCount }
} } } }`
		type counts = struct {
			Units struct {
				Edges []struct {
					Node struct{ Children, Plans struct{ TotalCount int } }
				}
			}
		}
		var all, got counts
		env.OK(t, env.Token(t, viewer.ProvinceOfficer, "30"), q, nil, &all)
		if n := all.Units.Edges[0].Node; n.Children.TotalCount != 1 || n.Plans.TotalCount != 2 {
			t.Fatalf("the province sees 298 by Quang Phục and both districts by their plans: %+v", all)
		}
		env.OK(t, env.Token(t, viewer.CommuneOfficer, "11098"), q, nil, &got)
		if n := got.Units.Edges[0].Node; n.Children.TotalCount != 0 || n.Plans.TotalCount != 0 {
			t.Errorf("Tái Sơn learned of records outside its scope through nested edges: %+v", got)
		}
	})
}

// TestExternalIdentityProvider: tokens signed by a configured provider's key
// (EdDSA here) are honoured beside cchc's own, for an active account, and
// nothing else signed with or around that key is.
func TestExternalIdentityProvider(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	env := apitest.New(t, dialect.SQLite, true, apitest.WithIdentityProvider(pub, "https://sso.hai-duong.example"))
	env.Token(t, viewer.ProvinceOfficer, "30") // the account
	claims := func(iss string) jwt.MapClaims {
		return jwt.MapClaims{"iss": iss, "sub": "PROVINCE_OFFICER@30", "role": "PROVINCE_OFFICER", "unit": "30",
			"exp": time.Now().Add(time.Hour).Unix()}
	}
	sign := func(method jwt.SigningMethod, key any, c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(pub)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	for name, c := range map[string]struct {
		token string
		ok    bool
	}{
		"provider's token":          {sign(jwt.SigningMethodEdDSA, priv, claims("https://sso.hai-duong.example")), true},
		"another issuer":            {sign(jwt.SigningMethodEdDSA, priv, claims("https://elsewhere.example")), false},
		"another key":               {sign(jwt.SigningMethodEdDSA, otherPriv, claims("https://sso.hai-duong.example")), false},
		"public key as HMAC secret": {sign(jwt.SigningMethodHS256, pubPEM, claims("https://sso.hai-duong.example")), false},
		"public key DER as secret":  {sign(jwt.SigningMethodHS256, pubDER, claims(auth.Issuer)), false},
	} {
		r := env.Do(t, c.token, `{ units { totalCount } }`, nil)
		if got := r.Status == http.StatusOK && len(r.Errors) == 0; got != c.ok {
			t.Errorf("%s: want accepted=%v, got %d %+v", name, c.ok, r.Status, r.Errors)
		}
	}
}

// TestInstantsCompareAcrossOffsets: the same instant written at +07:00 or
// in UTC selects the same dossiers, on SQLite as on PostgreSQL.
func TestInstantsCompareAcrossOffsets(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.ProvinceOfficer, "30")
		const q = `query($start: Time!, $end: Time!) { dossiers(where: {hasUnitWith: {code: "11098"}, receivedAtGTE: $start, receivedAtLT: $end}) { totalCount } }`
		var local, utc struct{ Dossiers struct{ TotalCount int } }
		env.OK(t, tok, q, map[string]any{"start": h1Start, "end": h1End}, &local)
		env.OK(t, tok, q, map[string]any{"start": "2022-12-31T17:00:00Z", "end": "2023-06-30T17:00:00Z"}, &utc)
		if local.Dossiers.TotalCount != 404 || utc.Dossiers.TotalCount != 404 {
			t.Errorf("received in H1 2023: %d with +07:00 bounds, %d with UTC bounds, want 404", local.Dossiers.TotalCount, utc.Dossiers.TotalCount)
		}
	})
}
