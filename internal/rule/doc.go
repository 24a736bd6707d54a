// Package rule holds the access model of the product, declared once, and
// the small named rules that enforce it in the data layer, so that no
// resolver, nested edge, filter, export or hand-written query can reach a
// record, or a field, outside the caller's share.
//
// Where to add what:
//
//   - a record type: one entry in Records (records.go): its table, the path
//     from a record to the unit that owns it, what each role may do, and
//     whether the units below read it (IssuedAbove); then give the ent
//     schema mixin.Scoped, and write its row in the documented table of
//     internal/server/access_test.go, which states the product's promise
//     literally;
//   - a field that fewer callers read than its record (personal data): a
//     Restriction in the record's entry; masking (fields.go), the guard of
//     filters (where.go) and docs/ACCESS.md follow;
//   - a workflow step (a mutation that moves a record through statuses): an
//     entry in Steps (steps.go), checked with MayTake by the workflow.
//
// Everything else reads the declaration: the privacy policies (policy.go,
// scope.go) narrow queries and updates with the one SQL condition of
// ownership (owned.go); where.go scopes the edge filters of where inputs and
// guards filters on restricted fields; owner.go and stored.go check the
// unit a write places its record under; references.go refuses links to
// records the caller cannot see; audit.go narrows the audit trail;
// table.go writes docs/ACCESS.md. Tests fail when a record type, a
// personal-data field, a where input or a mutation has no declaration.
// Policies are attached through the mixins of ent/schema/mixin.
package rule
