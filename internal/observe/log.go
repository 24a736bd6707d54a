package observe

import (
	"context"
	"io"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// Handler adds to every record logged with a request's context (the
// …Context methods of slog.Logger) the request's ID, the account once
// authenticated (account, role, unit) and, when the request is traced, its
// trace and span IDs: an operator finds every line of one request, and the
// request of an error's requestId, without each caller passing them on.
type Handler struct{ slog.Handler }

// Handle adds the request's attributes and passes the record on.
func (h Handler) Handle(ctx context.Context, rec slog.Record) error {
	if r := FromContext(ctx); r != nil {
		rec.AddAttrs(slog.String("request_id", r.ID))
		if a := r.Account(); a.Subject != "" {
			rec.AddAttrs(slog.String("account", a.Subject), slog.String("role", a.Role), slog.String("unit", a.Unit))
		}
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		rec.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, rec)
}

// WithAttrs keeps the wrapper around the handler with the attributes.
func (h Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return Handler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the wrapper around the handler with the group.
func (h Handler) WithGroup(name string) slog.Handler {
	return Handler{h.Handler.WithGroup(name)}
}

// Wrap returns log writing through Handler, or log itself if it does already.
func Wrap(log *slog.Logger) *slog.Logger {
	if _, ok := log.Handler().(Handler); ok {
		return log
	}
	return slog.New(Handler{log.Handler()})
}

// NewLogger returns a logger writing to w at level and above, as JSON
// objects (format "json", one a line, for log collectors) or as key=value
// text ("text", for reading by eye), through Handler.
func NewLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.New(Handler{slog.NewTextHandler(w, opts)})
	}
	return slog.New(Handler{slog.NewJSONHandler(w, opts)})
}
