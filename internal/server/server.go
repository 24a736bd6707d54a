// Package server assembles the HTTP interface of cchc: the GraphQL endpoint
// behind bearer-token authentication, the GraphiQL page, the health check
// and the metrics.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"cchc/graph"
	"cchc/internal/apperr"
	"cchc/internal/assessment"
	"cchc/internal/auth"
	"cchc/internal/database"
	"cchc/internal/deferred"
	"cchc/internal/graphiql"
	"cchc/internal/importer"
	"cchc/internal/limits"
	"cchc/internal/observe"
	"cchc/internal/report"
	"cchc/internal/rule"
	"cchc/internal/telemetry"
)

// maxBodyBytes bounds a request body; a GraphQL query is far smaller.
const maxBodyBytes = 1 << 20

// maxUploadBytes bounds a multipart GraphQL request (addEvidence with a
// file): one evidence file beside operations of at most maxBodyBytes.
const maxUploadBytes = assessment.MaxFileBytes + maxBodyBytes

// New returns the handler of the whole API.
func New(db *database.DB, keys auth.Keys, log *slog.Logger, opts ...Option) http.Handler {
	log = observe.Wrap(log) // every line logged in a request carries its ID and account
	s := options(opts)
	if s.telemetry == nil {
		s.telemetry = telemetry.New(db.SQL, db.Dialect, nil)
		opts = append(slices.Clip(opts), WithTelemetry(s.telemetry, s.metricsRoute))
	}
	keys = keys.WithVerifiedCache()
	authn := &auth.Authenticator{Keys: keys, Client: db.Client, Log: log}
	if s.callerCache {
		authn.Cache = &auth.ViewerCache{}
		db.Client.Account.Use(authn.Cache.Hook())
		db.Client.Unit.Use(authn.Cache.Hook())
		db.Watch(auth.ViewersChannel, authn.Cache.SetLive)
		catalogue := &rule.Catalogue{}
		db.Client.Procedure.Use(catalogue.Hook())
		db.Watch(rule.CatalogueChannel, catalogue.SetLive)
		opts = append(slices.Clip(opts), func(s *settings) { s.catalogue = catalogue })
	}
	mux := http.NewServeMux()
	gql := GraphQL(db, log, opts...)
	mux.Handle("/graphql", authn.Middleware(gql))
	mux.Handle("POST /export", authn.Middleware(Export(gql, s.limits, log)))
	mux.Handle("GET /indicators", authn.Middleware(IndicatorDownload(db, log)))
	mux.Handle("GET /scores", authn.Middleware(ScoresDownload(db, log)))
	mux.Handle("POST /import/dossiers", authn.Middleware(ImportDossiers(db, log)))
	ready := func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.SQL.PingContext(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	}
	// /readyz says whether to send requests here (the database answers);
	// /healthz, kept for the deployments that probe it, says the same.
	mux.HandleFunc("GET /readyz", ready)
	mux.HandleFunc("GET /healthz", ready)
	mux.Handle("GET /report", authn.Middleware(report.New(db.Client, db.Dialect).Handler(log)))
	mux.Handle("GET /evidence/{id}", authn.Middleware(assessment.New(db.Client, db.Dialect).Download(log)))
	if s.metricsRoute {
		mux.Handle("GET /metrics", s.telemetry.Metrics())
	}
	mux.Handle("/", graphiql.Handler("/graphql"))
	// The rate limit comes before the body is read, and inside cors so that
	// a browser may read its 429.
	return s.telemetry.HTTP(log, secure(cors(s.origins, s.rate.Middleware(log, keys.Subject, limitBody(log, mux)))))
}

// GraphQL returns the GraphQL handler: POST, batched POST, GET and multipart
// (evidence files) transports, a parsed query cache, introspection for
// analysts, automatic persisted queries for the front end, the limits of a
// request, one transaction per mutation, a cache of loaded results per root
// field, the classification of errors, and the telemetry given by
// WithTelemetry.
func GraphQL(db *database.DB, log *slog.Logger, opts ...Option) http.Handler {
	s := options(opts)
	lim := s.limits
	schema := graph.NewSchema(db.Client, db.Dialect)
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{})
	srv.AddTransport(limits.Batching{Max: lim.MaxBatch})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: maxUploadBytes, MaxMemory: maxUploadBytes})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if s.telemetry != nil {
		srv.Use(s.telemetry.GraphQL())
	}
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(limits.Extension{Limits: lim, Schema: schema.Schema()})
	srv.Use(transactions{entgql.Transactioner{TxOpener: db.Client}, s.catalogue})
	srv.Use(graph.PerRootField{})
	srv.AroundFields(scopeWhereArguments)
	srv.AroundRootFields(scopeEagerWhere)
	present := lim.Presenter(apperr.Presenter(log))
	srv.AroundOperations(lim.Answered(present))
	stored := storedFigures{db.Client}
	srv.AroundOperations(stored.operation)
	srv.AroundFields(stored.field)
	srv.AroundFields(apperr.FieldMiddleware) // last: the outermost, it sees every resolver's error
	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(apperr.Recover(log))
	return lim.Deadline(refuseTransport(srv))
}

// maxImportBytes bounds an import (POST /import/dossiers): one file, and
// the envelope of a multipart form.
const maxImportBytes = importer.MaxFileBytes + 64<<10

// limitBody bounds every request body to maxBodyBytes, but a multipart
// request to /graphql, which carries files, to maxUploadBytes, and an import
// to maxImportBytes; one that declares a larger body is refused before it
// is read, with HTTP 413. A body of unknown length (chunked) but for files
// is read here, so that one too large answers 413 too rather than as a body
// that does not parse.
func limitBody(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files := isMultipart(r)
		limit, name, advice := int64(maxBodyBytes), "body", "a request body may be at most 1 MiB: send fewer or smaller operations"
		switch {
		case files:
			limit, name, advice = maxUploadBytes, "upload", fmt.Sprintf("an evidence file may be at most %d MB", assessment.MaxFileBytes>>20)
		case r.URL.Path == "/import/dossiers":
			files = true // the importer reads the file as it comes
			limit, name, advice = maxImportBytes, "upload", fmt.Sprintf("a file to import may be at most %d MB", importer.MaxFileBytes>>20)
		}
		tooLarge := func(actual int64) {
			e := &apperr.Error{Code: apperr.LimitExceeded, Extensions: map[string]any{"limit": name, "max": limit},
				Message: fmt.Sprintf("the request body exceeds the limit of %d bytes: %s", limit, advice)}
			if actual > 0 {
				e.Message = fmt.Sprintf("the request body of %d bytes exceeds the limit of %d: %s", actual, limit, advice)
				e.Extensions["actual"] = actual
			}
			w.Header().Set("Connection", "close") // the rest of the body is not read
			apperr.WriteHTTP(r.Context(), w, log, e)
		}
		if r.ContentLength > limit {
			tooLarge(r.ContentLength)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if r.ContentLength < 0 && !files {
			b, err := io.ReadAll(r.Body)
			if errors.As(err, new(*http.MaxBytesError)) {
				tooLarge(-1)
				return
			}
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
		}
		next.ServeHTTP(w, r)
	})
}

// isMultipart tells a request to /graphql that carries files.
func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data" && r.URL.Path == "/graphql"
}

// errReader returns err, or io.EOF when it is nil: the end of a body read
// ahead, with the error that ended the reading.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}

// transactions runs each mutation in one transaction: entgql.Transactioner
// serializes its root fields, and InterceptResponse, in its place, opens,
// commits or rolls back the transaction. entgql's answers a failed begin or
// commit with the driver's words and no code; here the error is classified
// like any other, so that a database out of reach answers UNAVAILABLE. A
// request that failed before it had an operation (a body that is not JSON)
// has no transaction. On PostgreSQL the transaction's BEGIN waits for its
// first write (internal/deferred).
type transactions struct {
	entgql.Transactioner
	catalogue *rule.Catalogue // the procedures known to the mutations' references; nil for none
}

func (t transactions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	if t.catalogue != nil {
		ctx = rule.WithCatalogue(ctx, t.catalogue)
	}
	// Its BEGIN waits for its first write, which may be all of it.
	txCtx, tx, err := t.OpenTx(deferred.Begin(ctx, singleWrite(op)))
	if err != nil {
		return failed(ctx, fmt.Errorf("opening the transaction: %w", err))
	}
	defer func() {
		if r := recover(); r != nil {
			tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if rsp == nil || len(rsp.Errors) > 0 {
		tx.Rollback()
		if rsp == nil {
			return nil
		}
		return &graphql.Response{Errors: rsp.Errors}
	}
	if err := tx.Commit(); err != nil {
		return failed(ctx, fmt.Errorf("committing the transaction: %w", err))
	}
	return rsp
}

// singleWrite says whether a mutation may be made by its first write alone
// (internal/deferred): one root field of the records' own (createX, updateX,
// archiveX: one ent Save each, where the workflows' mutations write several
// records), whose answer is read from the record written, with no field that
// reads anything more and could fail after the write had committed. A
// nested object or a fragment might.
func singleWrite(op *ast.OperationDefinition) bool {
	if len(op.SelectionSet) != 1 {
		return false
	}
	root, ok := op.SelectionSet[0].(*ast.Field)
	if !ok || !recordWrite(root.Name) {
		return false
	}
	for _, sel := range root.SelectionSet {
		if f, ok := sel.(*ast.Field); !ok || len(f.SelectionSet) > 0 {
			return false
		}
	}
	return true
}

// recordWrite says whether a mutation field is one of the records' own:
// createX, updateX or archiveX (graph/mutation.resolvers.go).
func recordWrite(name string) bool {
	for _, verb := range []string{"create", "update", "archive"} {
		if rest, ok := strings.CutPrefix(name, verb); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
			return true
		}
	}
	return false
}

// failed answers a request with err, presented as the errors of resolvers
// are (apperr.Presenter).
func failed(ctx context.Context, err error) *graphql.Response {
	graphql.AddError(ctx, apperr.Classify(err))
	return &graphql.Response{Errors: graphql.GetErrors(ctx)}
}
