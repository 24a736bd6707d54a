// Package cchc is the root of the cchc module. `go generate ./...` from here
// regenerates, in order, the ent client, the gqlgen server and the merged
// public schema in schema.graphql.
package cchc

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run ./internal/aggregate/schemagen graph/aggregate.graphql
//go:generate go tool gqlgen generate
//go:generate go run ./cmd/cchc schema -o schema.graphql
//go:generate go run ./cmd/cchc access -o docs/ACCESS.md
