package main

import (
	"flag"
	"io"
	"os"

	"cchc/internal/rule"
)

// printAccess writes the access table (docs/ACCESS.md).
func printAccess(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("access", flag.ContinueOnError)
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return rule.WriteAccessTable(stdout)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	return rule.WriteAccessTable(f)
}
