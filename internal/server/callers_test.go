package server_test

import (
	"net/http"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"cchc/internal/apitest"
	"cchc/internal/viewer"
)

// TestCachedCallers: on PostgreSQL the server keeps each account's caller
// between requests (internal/auth/cache.go); every change to the accounts
// or the units must reach it — through the API at once, from elsewhere as
// soon as PostgreSQL's notification arrives — and while the server cannot
// hear of changes it must keep nothing.
func TestCachedCallers(t *testing.T) {
	env := apitest.New(t, dialect.Postgres, true, apitest.WithCallerCache())
	province := env.Token(t, viewer.ProvinceOfficer, "30")
	district := env.Token(t, viewer.DistrictOfficer, "298")
	const q = `{ units { totalCount } }`
	ok := func(tok string) bool {
		t.Helper()
		r := env.Do(t, tok, q, nil)
		switch {
		case r.Status == http.StatusOK && len(r.Errors) == 0:
			return true
		case r.Status == http.StatusUnauthorized:
			return false
		}
		t.Fatalf("want 200 or 401, got %d %+v", r.Status, r.Errors)
		return false
	}
	// eventually polls until the district officer's token is answered as
	// want: a change made outside the server reaches it by notification.
	eventually := func(want bool, what string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ok(district) != want; {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the token is still answered as before after 10 s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	exec := func(query string) {
		t.Helper()
		if _, err := env.DB.SQL.Exec(query); err != nil {
			t.Fatal(err)
		}
	}

	// Cached: requests after the first do not read the caller again. (The
	// notification of the account's creation by env.Token may still empty
	// the cache once, at a moment of its own: try a few rounds.)
	cached := false
	var counts []int64
	for round := 0; round < 20 && !cached; round++ {
		ok(district)
		before := env.Statements()
		for range 5 {
			ok(district)
		}
		n := env.Statements() - before
		counts, cached = append(counts, n), n == 5
	}
	if !cached {
		t.Errorf("5 requests of one caller ran %v statements, round after round; want 5, the query's own", counts)
	}

	// Revoked through the API: refused at once, by the very next request.
	var acc struct {
		Accounts struct {
			Edges []struct {
				Node struct {
					ID      string
					Version int
				}
			}
		}
	}
	env.OK(t, province, `{ accounts(where: {subject: "DISTRICT_OFFICER@298"}) { edges { node { id version } } } }`, nil, &acc)
	if len(acc.Accounts.Edges) != 1 {
		t.Fatalf("accounts: %+v", acc)
	}
	id, version := acc.Accounts.Edges[0].Node.ID, acc.Accounts.Edges[0].Node.Version
	setActive := func(active bool) {
		t.Helper()
		var out struct{ UpdateAccount struct{ Version int } }
		env.OK(t, province, `mutation($id: ID!, $version: Int!, $active: Boolean!) { updateAccount(id: $id, version: $version, input: {active: $active}) { version } }`,
			map[string]any{"id": id, "version": version, "active": active}, &out)
		version = out.UpdateAccount.Version
	}
	setActive(false)
	if ok(district) {
		t.Fatal("a token of an account revoked through the API must be refused by the next request")
	}
	setActive(true)
	if !ok(district) {
		t.Fatal("a token of an account restored through the API must pass at once")
	}

	// Changed outside the server (psql, `cchc token` of another process).
	exec(`UPDATE accounts SET active = false WHERE subject = 'DISTRICT_OFFICER@298'`)
	eventually(false, "account revoked by SQL")
	exec(`UPDATE accounts SET active = true WHERE subject = 'DISTRICT_OFFICER@298'`)
	eventually(true, "account restored by SQL")
	exec(`UPDATE units SET code = '298x' WHERE code = '298'`)
	eventually(false, "unit's code changed by SQL")
	exec(`UPDATE units SET code = '298' WHERE code = '298x'`)
	eventually(true, "unit's code restored by SQL")

	// The listening connection lost: changes meanwhile are not missed.
	exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`)
	exec(`UPDATE accounts SET active = false WHERE subject = 'DISTRICT_OFFICER@298'`)
	eventually(false, "account revoked by SQL while the listener reconnects")
	exec(`UPDATE accounts SET active = true WHERE subject = 'DISTRICT_OFFICER@298'`)
	eventually(true, "account restored by SQL after the listener reconnected")
	// The listener is back by itself.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var listening int
		if err := env.DB.SQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&listening); err != nil {
			t.Fatal(err)
		}
		if listening == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d listening connections 10 s after the old one was terminated, want 1", listening)
		}
	}
}
