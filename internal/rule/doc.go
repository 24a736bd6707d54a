// Package rule holds the privacy rules of the data layer: small named rules,
// composed into the policies that ent runs on every query and mutation, so
// that no resolver, nested edge or hand-written query can reach a record
// outside the caller's scope. Policies are attached through the mixins of
// ent/schema/mixin.
package rule
