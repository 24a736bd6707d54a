// Package graph holds the GraphQL resolvers. They are thin: each translates
// a GraphQL call into ent or an internal/ package and back. Mutations use the
// transactional client that entgql.Transactioner puts in the context.
package graph

import (
	"cchc/ent"
	"github.com/99designs/gqlgen/graphql"

	"cchc/graph/generated"
	"cchc/internal/aggregate"
	"cchc/internal/indicator"
	"cchc/internal/report"
)

// Resolver is the root resolver.
type Resolver struct {
	client     *ent.Client
	aggregates *aggregate.Engine
	indicators *indicator.Engine
	reports    *report.Service
}

// NewSchema returns the executable schema served by the API over client,
// whose SQL dialect is dialect (dialect.Postgres or dialect.SQLite).
func NewSchema(client *ent.Client, dialect string) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{
		client:     client,
		aggregates: &aggregate.Engine{Client: client, Dialect: dialect},
		indicators: &indicator.Engine{Client: client, Dialect: dialect},
		reports:    report.New(client, dialect),
	}})
}
