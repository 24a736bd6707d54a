package server_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"cchc/internal/apitest"
	"cchc/internal/auth"
	"cchc/internal/viewer"
)

const createAccount = `mutation($in: CreateAccountInput!) { createAccount(input: $in) { id version subject } }`

// TestAccountNamesStayInScope: an account's subject ends with "@" and the
// code of its unit, so an answer about a name never concerns an account
// outside the writer's scope. A province officer who tries another
// province's name gets BAD_USER_INPUT naming subject, the very same answer
// whether that account exists or not; a duplicate can only be an account of
// its own unit (CONFLICT).
func TestAccountNamesStayInScope(t *testing.T) {
	apitest.ForEach(t, true, func(t *testing.T, env *apitest.Env) {
		province := env.Token(t, viewer.ProvinceOfficer, "30")
		otherProvince(t, env)
		taiSon := strconv.Itoa(env.UnitID(t, "11098"))
		probe := map[string]any{"in": map[string]any{"subject": "ANALYST@31", "role": "ANALYST", "unitID": taiSon}}
		const want = "subject: must be a name followed by @11098, the official code of the account's unit (e.g. ANALYST@11098): an account's name is kept within its unit"

		before := env.Do(t, province, createAccount, probe)
		env.Token(t, viewer.Analyst, "31") // the account ANALYST@31, in Hải Phòng
		after := env.Do(t, province, createAccount, probe)
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("the answer depends on another province's account:\nbefore %+v\nafter  %+v", before, after)
		}
		if len(after.Errors) != 1 || after.Errors[0].Code() != "BAD_USER_INPUT" || after.Errors[0].Extensions["field"] != "subject" ||
			after.Errors[0].Message != want || string(after.Data) != `{"createAccount":null}` && string(after.Data) != "null" {
			t.Fatalf("want BAD_USER_INPUT subject %q, got %s %+v", want, after.Data, after.Errors)
		}

		for _, subject := range []string{"nguyen.van.a", "@11098", "nguyen.van.a@110980", "nguyen.van.a@11098 ", "nguyen.van.a@298"} {
			e := env.Fail(t, province, createAccount, map[string]any{"in": map[string]any{"subject": subject, "role": "ANALYST", "unitID": taiSon}}, "BAD_USER_INPUT")
			if e.Extensions["field"] != "subject" {
				t.Errorf("%q: %+v", subject, e)
			}
		}
		var created struct {
			CreateAccount struct {
				ID      string
				Version int
				Subject string
			}
		}
		env.OK(t, province, createAccount, map[string]any{"in": map[string]any{"subject": "nguyen.van.a@11098", "role": "ANALYST", "unitID": taiSon}}, &created)
		// A duplicate is one of the unit named, which the writer reads.
		e := env.Fail(t, province, createAccount, map[string]any{"in": map[string]any{"subject": "nguyen.van.a@11098", "role": "COMMUNE_OFFICER", "unitID": taiSon}}, "CONFLICT")
		if e.Extensions["field"] != "subject" {
			t.Errorf("duplicate: %+v", e)
		}

		// Moved to another unit, the account takes a name of that unit.
		const updateAccount = `mutation($id: ID!, $v: Int!, $in: UpdateAccountInput!) { updateAccount(id: $id, version: $v, input: $in) { subject version } }`
		quangPhuc := strconv.Itoa(env.UnitID(t, "11101"))
		e = env.Fail(t, province, updateAccount, map[string]any{"id": created.CreateAccount.ID, "v": 1, "in": map[string]any{"unitID": quangPhuc}}, "BAD_USER_INPUT")
		if e.Extensions["field"] != "subject" || e.Message != "subject: must be a name followed by @11101, the official code of the account's unit (e.g. ANALYST@11101): an account's name is kept within its unit" {
			t.Errorf("moved without renaming: %+v", e)
		}
		var moved struct{ UpdateAccount struct{ Subject string } }
		env.OK(t, province, updateAccount, map[string]any{"id": created.CreateAccount.ID, "v": 1, "in": map[string]any{"unitID": quangPhuc, "subject": "nguyen.van.a@11101"}}, &moved)
		if moved.UpdateAccount.Subject != "nguyen.van.a@11101" {
			t.Errorf("moved: %+v", moved)
		}

		// Operators' commands obey it too (cchc token --sub).
		if err := auth.EnsureAccount(context.Background(), env.DB.Client, "operator", viewer.CommuneOfficer, "11098"); err == nil ||
			err.Error() != "subject: must be a name followed by @11098, the official code of the account's unit (e.g. ANALYST@11098): an account's name is kept within its unit" {
			t.Errorf("EnsureAccount with a name outside the unit: %v", err)
		}

		// A unit given a new code renames its accounts with it.
		env.Token(t, viewer.CommuneOfficer, "11095")
		env.OK(t, province, updateUnit, map[string]any{"id": strconv.Itoa(env.UnitID(t, "11095")), "v": 1, "in": map[string]any{"code": "11096"}}, nil)
		var accounts struct {
			Accounts struct {
				Edges []struct{ Node struct{ Subject string } }
			}
		}
		env.OK(t, province, `query($u: ID!) { accounts(where: {hasUnitWith: {id: $u}}) { edges { node { subject } } } }`,
			map[string]any{"u": strconv.Itoa(env.UnitID(t, "11096"))}, &accounts)
		if len(accounts.Accounts.Edges) != 1 || accounts.Accounts.Edges[0].Node.Subject != "COMMUNE_OFFICER@11096" {
			t.Errorf("accounts after the new code: %+v", accounts)
		}
	})
}
