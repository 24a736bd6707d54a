// Package archive says, in a context, whether queries also return archived
// records (see mixin.Archivable), for code below the schema such as the
// privacy rules, which must find a record's owner even when it is archived.
package archive

import "context"

type key struct{}

// Include returns a context in which queries also return archived records.
func Include(parent context.Context) context.Context {
	return context.WithValue(parent, key{}, true)
}

// Included tells whether ctx asks for archived records too.
func Included(ctx context.Context) bool {
	included, _ := ctx.Value(key{}).(bool)
	return included
}
