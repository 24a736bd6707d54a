package assessment

import (
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"cchc/internal/apperr"
)

// Download serves an evidence file behind the bearer-token middleware:
//
//	GET /evidence/{id}
//
// to whoever may read the Evidence (the unit's officers, the levels above,
// analysts of its subtree): the privacy rules read it, so an evidence out of
// the caller's scope answers 404 exactly as one that does not exist, as does
// an evidence that is a link. The file is always an attachment, never shown
// in the API's own origin.
func (s *Service) Download(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, apperr.Input("id", "must be the evidence's ID, a whole number, not %q", r.PathValue("id")))
			return
		}
		e, err := s.Client.Evidence.Get(ctx, id)
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, notFound(err, "id", "evidence"))
			return
		}
		if e.Content == nil || e.Sha256 == nil { // a link: NULL content may read as an empty slice
			apperr.WriteHTTP(ctx, w, log, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "id: the evidence is a link, not a file: follow its url"})
			return
		}
		h := w.Header()
		h.Set("Content-Type", deref(e.ContentType))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": deref(e.FileName)}))
		h.Set("Content-Length", strconv.Itoa(len(*e.Content)))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "sandbox")
		h.Set("Cache-Control", "private, no-store")
		h.Set("ETag", `"`+deref(e.Sha256)+`"`)
		w.Write(*e.Content)
	})
}
