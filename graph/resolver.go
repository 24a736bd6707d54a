// Package graph holds the GraphQL resolvers. They are thin: each translates
// a GraphQL call into ent or an internal/ package and back. Mutations use the
// transactional client that entgql.Transactioner puts in the context.
package graph

import (
	"cchc/ent"
	"github.com/99designs/gqlgen/graphql"

	"cchc/graph/generated"
)

// Resolver is the root resolver.
type Resolver struct{ client *ent.Client }

// NewSchema returns the executable schema served by the API.
func NewSchema(client *ent.Client) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{client: client}})
}
