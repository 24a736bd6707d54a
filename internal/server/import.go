package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"cchc/internal/apperr"
	"cchc/internal/database"
	"cchc/internal/export"
	"cchc/internal/importer"
)

// importTime is how long reading and importing one file may take: a slow
// commune link uploading 20 MB, then 100,000 dossiers written.
const importTime = 10 * time.Minute

// importTypes are the media types of a file sent as the whole body; a
// file's own first bytes say whether it is CSV or XLSX.
var importTypes = map[string]bool{
	"text/csv": true, "application/csv": true, "text/plain": true,
	export.MediaTypes["xlsx"]: true, "application/vnd.ms-excel": true, // what browsers on Windows call a .csv
	"application/octet-stream": true,
}

// ImportDossiers serves POST /import/dossiers[?dryRun=true][&unit=CODE]: a
// one-stop-shop export (CSV or XLSX, package importer) uploaded as the
// multipart field "file" or as the whole body, imported as the caller. It
// answers 200 with the counts when the file is imported, 422 with every
// problem by line when it is refused (nothing is then written), and errors
// of the request itself (parameters, a role that writes no dossiers, a
// body over the limit) in the format of the other endpoints. It runs
// behind the authentication middleware.
func ImportDossiers(db *database.DB, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		opt, err := importParams(r)
		if err == nil {
			err = importer.Authorize(ctx)
		}
		var body io.Reader
		if err == nil {
			body, err = importBody(r)
		}
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Now().Add(importTime)) // unsupported by test recorders: no matter
		rc.SetWriteDeadline(time.Now().Add(importTime))
		file, err := importer.Parse(body)
		if err != nil {
			apperr.WriteHTTP(ctx, w, log, uploadError(err))
			return
		}
		res, err := importer.Import(ctx, db.Client, file, opt)
		if err != nil {
			if ctx.Err() != nil {
				log.InfoContext(ctx, "import abandoned by the client", "rows", len(file.Rows))
				return
			}
			apperr.WriteHTTP(ctx, w, log, err)
			return
		}
		status := http.StatusOK
		if res.Refused() {
			status = http.StatusUnprocessableEntity
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(res)
	})
}

// importParams reads the query parameters.
func importParams(r *http.Request) (importer.Options, error) {
	var opt importer.Options
	q, err := downloadQuery(r, "dryRun", "unit")
	if err != nil {
		return opt, err
	}
	if q.Has("dryRun") {
		if opt.DryRun, err = strconv.ParseBool(q.Get("dryRun")); err != nil {
			return opt, apperr.Input("dryRun", "%q is not true or false", q.Get("dryRun"))
		}
	}
	if q.Has("unit") {
		if opt.Unit = q.Get("unit"); opt.Unit == "" {
			return opt, apperr.Input("unit", "is empty: give the code of the unit receiving the dossiers, or leave it out for your own")
		}
	}
	return opt, nil
}

// importBody returns the file of the request: the part "file" of a
// multipart form, read as it arrives, or the body itself.
func importBody(r *http.Request) (io.Reader, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return nil, apperr.Input("Content-Type", "cannot be read: %v", err)
	}
	switch {
	case mt == "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, apperr.Input("file", "the multipart body cannot be read: %v", err)
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				if err == io.EOF {
					return nil, apperr.Input("file", "is missing: send the file as the form field \"file\"")
				}
				return nil, uploadError(err)
			}
			if part.FormName() == "file" {
				return part, nil
			}
		}
	case importTypes[mt]:
		return r.Body, nil
	}
	return nil, apperr.Input("Content-Type", "%q is not a file to import: send multipart/form-data with the field \"file\", or the file itself as text/csv or %s", mt, export.MediaTypes["xlsx"])
}

// uploadError says why the upload could not be read: too large, or cut.
func uploadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &apperr.Error{Code: apperr.LimitExceeded,
			Message:    "the file exceeds the limit of " + strconv.Itoa(importer.MaxFileBytes>>20) + " MB: split it",
			Extensions: map[string]any{"limit": "upload", "max": tooLarge.Limit}}
	}
	return apperr.Input("file", "the upload could not be read: %v", err)
}
