package server_test

import (
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/limits"
	"cchc/internal/viewer"
)

// hostileAnswer checks the answer to a request of the corpus: refused by
// the limit it names (or by validation), or answered without error; every
// error coded, never a fault of the server.
func hostileAnswer(t testing.TB, h limits.HostileRequest, res *apitest.Response) {
	t.Helper()
	if res.Status >= 500 {
		t.Errorf("%s: HTTP %d", h.Name, res.Status)
	}
	for _, e := range res.Errors {
		if e.Code() == "" || e.Code() == "INTERNAL_SERVER_ERROR" {
			t.Errorf("%s: %+v", h.Name, e)
		}
	}
	switch h.Limit {
	case "":
		if len(res.Errors) > 0 {
			t.Errorf("%s: %+v", h.Name, res.Errors)
		}
	case limits.ValidationFailed, limits.BadInput:
		if len(res.Errors) == 0 || res.Errors[0].Code() != h.Limit {
			t.Errorf("%s: %+v, want %s", h.Name, res.Errors, h.Limit)
		}
	default:
		if len(res.Errors) != 1 || res.Errors[0].Code() != "LIMIT_EXCEEDED" || res.Errors[0].Extensions["limit"] != h.Limit {
			t.Errorf("%s: %+v, want LIMIT_EXCEEDED %s", h.Name, res.Errors, h.Limit)
		}
	}
}

// TestHostileCorpus: every request of the hostile corpus, sent by a district
// officer, is refused by the limit it names or answered, on both databases.
func TestHostileCorpus(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		tok := env.Token(t, viewer.DistrictOfficer, "298")
		for _, h := range limits.Hostile() {
			hostileAnswer(t, h, env.Do(t, tok, h.Query, h.Variables))
		}
	})
}

// TestOrdinaryBesideHostile: while hostile requests arrive, from two
// clients at once, ordinary requests are answered as ever.
func TestOrdinaryBesideHostile(t *testing.T) {
	env := apitest.New(t, dialect.SQLite, true)
	tok := env.Token(t, viewer.DistrictOfficer, "298")
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				for _, h := range limits.Hostile() {
					select {
					case <-done:
						return
					default:
					}
					hostileAnswer(t, h, env.Do(t, tok, h.Query, h.Variables))
				}
			}
		}()
	}
	for range 30 {
		var got struct {
			Units struct {
				Edges []struct{ Node struct{ Name string } }
			}
		}
		env.OK(t, tok, `{ units(where: {code: "11098"}) { edges { node { name } } } }`, nil, &got)
		if len(got.Units.Edges) != 1 || got.Units.Edges[0].Node.Name != "Tái Sơn" {
			t.Errorf("an ordinary request: %+v", got)
		}
	}
	close(done)
	wg.Wait()
}

// BenchmarkHostile sends each request of the hostile corpus to the handler
// over the demo data, on each database: the time to refuse or answer it
// (docs/PERFORMANCE.md, "Hostile requests").
func BenchmarkHostile(b *testing.B) {
	for _, dia := range apitest.Dialects() {
		b.Run(dia, func(b *testing.B) {
			env := apitest.New(b, dia, true)
			tok := env.Token(b, viewer.DistrictOfficer, "298")
			for _, h := range limits.Hostile() {
				b.Run(h.Name, func(b *testing.B) {
					for b.Loop() {
						hostileAnswer(b, h, env.Do(b, tok, h.Query, h.Variables))
					}
				})
			}
		})
	}
}
