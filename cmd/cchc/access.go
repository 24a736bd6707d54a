package main

import (
	"io"

	"cchc/internal/rule"
)

// printAccess writes the access table (docs/ACCESS.md).
func printAccess(args []string, stdout io.Writer) error {
	return writeOutput("access", args, stdout, rule.WriteAccessTable)
}
