// Command schemagen writes graph/aggregate.graphql from internal/aggregate's
// specs (run by go generate before gqlgen). It imports no generated GraphQL
// code, so it runs even while that code is out of step.
package main

import (
	"fmt"
	"os"

	"cchc/internal/aggregate"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemagen OUTPUT.graphql")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err == nil {
		err = aggregate.WriteSchema(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
