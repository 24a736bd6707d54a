// Package graph holds the GraphQL resolvers. They are thin: each translates
// a GraphQL call into ent or an internal/ package and back. Mutations use the
// transactional client that entgql.Transactioner puts in the context.
package graph

import (
	"cchc/ent"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"

	"cchc/graph/generated"
	"cchc/internal/aggregate"
	"cchc/internal/assessment"
	"cchc/internal/framework"
	"cchc/internal/indicator"
	"cchc/internal/report"
	"cchc/internal/results"
	"cchc/internal/search"
	"cchc/internal/written"
)

// Resolver is the root resolver.
type Resolver struct {
	client     *ent.Client
	aggregates *aggregate.Engine
	frameworks *framework.Service
	indicators *indicator.Engine
	reports    *report.Service
	workflow   *assessment.Service
	results    *results.Service
	written    *written.Dossiers
}

// NewSchema returns the executable schema served by the API over client,
// whose SQL dialect is dialect (dialect.Postgres or dialect.SQLite).
func NewSchema(client *ent.Client, dialect string) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{
		client:     client,
		aggregates: &aggregate.Engine{Client: client, Dialect: dialect},
		frameworks: framework.New(client),
		indicators: &indicator.Engine{Client: client, Dialect: dialect},
		reports:    report.New(client, dialect),
		workflow:   assessment.New(client, dialect),
		results:    &results.Service{Client: client},
		written:    &written.Dossiers{},
	}})
}

// matching is the condition of a list's search argument. It is here, not in
// the resolvers, whose search parameter hides the search package.
func matching(query *string) (func(*sql.Selector), error) { return search.Match(query) }
