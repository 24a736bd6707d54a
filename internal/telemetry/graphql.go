package telemetry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"cchc/internal/observe"
)

// GraphQL returns the gqlgen extension (srv.Use) that counts and times each
// operation by name, counts errors by code, records the operation's name
// for the access log and, when tracing, makes a span of each operation and
// of each root field.
func (t *Telemetry) GraphQL() graphql.HandlerExtension { return extension{t} }

type extension struct{ t *Telemetry }

var (
	_ graphql.OperationInterceptor = extension{}
	_ graphql.ResponseInterceptor  = extension{}
	_ graphql.RootFieldInterceptor = extension{}
)

func (extension) ExtensionName() string                   { return "Telemetry" }
func (extension) Validate(graphql.ExecutableSchema) error { return nil }

// runningKey marks the context of an operation that passed parsing,
// validation and the limits, and so runs.
type runningKey struct{}

// InterceptOperation runs for operations that passed parsing, validation
// and the limits; it measures them once answered.
func (x extension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	name, typ := oc.Operation.Name, string(oc.Operation.Operation)
	if name == "" {
		name = "anonymous"
	}
	observe.AddOperation(ctx, name)
	label := x.t.operations.label(name)
	ctx = context.WithValue(ctx, runningKey{}, true)
	var span trace.Span
	if x.t.tracer != nil {
		ctx, span = x.t.tracer.Start(ctx, typ+" "+name, trace.WithAttributes(
			semconv.GraphQLOperationTypeKey.String(typ), semconv.GraphQLOperationName(name)))
	}
	answer := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := answer(ctx)
		x.t.gqlRequests.WithLabelValues(label, typ).Inc()
		x.t.gqlDuration.WithLabelValues(label, typ).Observe(time.Since(oc.Stats.OperationStart).Seconds())
		var errs gqlerror.List
		if resp != nil {
			errs = resp.Errors
		}
		errCodes := x.t.countErrors(errs)
		if span != nil {
			if len(errCodes) > 0 {
				span.SetAttributes(attribute.StringSlice("graphql.error.codes", errCodes))
				span.SetStatus(codes.Error, errCodes[0])
			}
			span.End()
		}
		return resp
	}
}

// InterceptResponse counts the answers of operations refused before they
// ran (a query that does not parse or validate, a limit crossed), which
// InterceptOperation never sees: operation "invalid", type "none".
func (x extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if ctx.Value(runningKey{}) == nil && resp != nil {
		x.t.gqlRequests.WithLabelValues("invalid", "none").Inc()
		x.t.countErrors(resp.Errors)
	}
	return resp
}

// InterceptRootField makes a span of each root field when tracing:
// Query.dossiers, Mutation.updateTask.
func (x extension) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if x.t.tracer == nil {
		return next(ctx)
	}
	// The root field context's Object holds the field's name, not its
	// type's (gqlgen's generated code): the type is the operation's.
	typ := string(graphql.GetOperationContext(ctx).Operation.Operation)
	ctx, span := x.t.tracer.Start(ctx, strings.ToUpper(typ[:1])+typ[1:]+"."+graphql.GetRootFieldContext(ctx).Field.Name)
	defer span.End()
	return next(ctx)
}

// countErrors counts errors by their extensions.code and returns the codes.
func (t *Telemetry) countErrors(errs gqlerror.List) []string {
	var out []string
	for _, e := range errs {
		code := "NONE"
		if c, ok := e.Extensions["code"]; ok {
			code = fmt.Sprint(c) // gqlgen's codes are strings, apperr's apperr.Code
		}
		t.gqlErrors.WithLabelValues(code).Inc()
		out = append(out, code)
	}
	return out
}
