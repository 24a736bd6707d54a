package database

import (
	"context"
	"strings"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// WithTracing makes every SQL statement sent in a traced request a span of
// tp, child of the request's: the statement (ent's, with ? or $n
// placeholders, never the values) and its error. Statements outside a
// traced request (migrations, startup) make none.
func WithTracing(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracer = tp }
}

// maxTracedQuery bounds the statement text kept on a span: a where of
// hundreds of codes writes a long one.
const maxTracedQuery = 4096

// traceStatements is the statement hook of WithTracing.
func traceStatements(tp trace.TracerProvider, dia string) statementHook {
	tracer := tp.Tracer("cchc/internal/database")
	system := semconv.DBSystemNameSQLite
	if dia == dialect.Postgres {
		system = semconv.DBSystemNamePostgreSQL
	}
	return func(ctx context.Context, query string, args []any) ([]any, func(error)) {
		if !trace.SpanFromContext(ctx).IsRecording() {
			return args, nil
		}
		verb := statementVerb(query)
		text := query
		if len(text) > maxTracedQuery {
			text = text[:maxTracedQuery]
		}
		_, span := tracer.Start(ctx, verb, trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(system, semconv.DBOperationName(verb), semconv.DBQueryText(text), attribute.Int("db.query.arguments", len(args))))
		return args, func(err error) {
			if err != nil {
				span.RecordError(err)
				span.SetStatus(codes.Error, err.Error())
			}
			span.End()
		}
	}
}

// statementVerb is the first word of a statement, SELECT or INSERT …, the
// name of its span.
func statementVerb(query string) string {
	f := strings.Fields(strings.TrimLeft(query, "( \t\n"))
	if len(f) == 0 {
		return "SQL"
	}
	return strings.ToUpper(f[0])
}
