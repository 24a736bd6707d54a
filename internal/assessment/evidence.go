package assessment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"cchc/ent"
	"cchc/internal/apperr"
)

// MaxFileBytes is the largest evidence file: 10 MB, a scanned decision of a
// few dozen pages. The server lets multipart requests carry one such file.
const MaxFileBytes = 10 << 20

// The longest title, link, file name and media type of an Evidence (its schema).
const (
	maxTitle = 500
	maxURL   = 2000
	maxName  = 255
)

// File is an uploaded evidence file.
type File struct {
	Name        string // as the client named it; a path is cut to its last part
	ContentType string // as the client declared it; sniffed when missing or invalid
	Content     io.Reader
}

// AddEvidence attaches a document (tài liệu kiểm chứng) to the criterion
// score scoreID: a link (http or https) or an uploaded file, exactly one,
// stored with its size and SHA-256 hash. Allowed to the unit's own officers
// while the assessment is DRAFT or RETURNED.
func (s *Service) AddEvidence(ctx context.Context, scoreID int, title string, link *string, file *File) (*ent.Evidence, error) {
	c := s.client(ctx)
	cs, err := c.CriterionScore.Get(ctx, scoreID)
	if err != nil {
		return nil, notFound(err, "scoreID", "criterion score")
	}
	a, err := c.Assessment.Get(allow(ctx), cs.AssessmentID)
	if err != nil {
		return nil, err
	}
	sb, err := s.around(ctx, c, a)
	if err != nil {
		return nil, err
	}
	if err := sb.check(ctx, "addEvidence"); err != nil {
		return nil, err
	}
	title = strings.TrimSpace(title)
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return nil, apperr.Input("title", "is required: name the document, e.g. Quyết định số 12/QĐ-UBND")
	case n > maxTitle:
		return nil, apperr.Input("title", "must be at most %d characters", maxTitle)
	}
	if link != nil && strings.TrimSpace(*link) == "" {
		link = nil // a form's empty field
	}
	switch {
	case link != nil && file != nil:
		return nil, apperr.Input("file", "give either url or file, not both")
	case link == nil && file == nil:
		return nil, apperr.Input("url", "give the document's url, or upload it as file")
	}
	e := c.Evidence.Create().SetScoreID(cs.ID).SetUnitID(cs.UnitID).SetTitle(title).SetAddedBy(subjectOf(ctx))
	if link != nil {
		u, err := checkURL(*link)
		if err != nil {
			return nil, err
		}
		e.SetURL(u)
	} else {
		content, err := io.ReadAll(io.LimitReader(file.Content, MaxFileBytes+1))
		if err != nil {
			return nil, fmt.Errorf("reading the uploaded file: %w", err)
		}
		switch {
		case len(content) == 0:
			return nil, apperr.Input("file", "is empty")
		case len(content) > MaxFileBytes:
			return nil, apperr.Input("file", "is larger than %d MB, the most an evidence file may be", MaxFileBytes>>20)
		}
		name, err := fileName(file.Name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(content)
		e.SetContent(content).SetSize(int64(len(content))).SetSha256(hex.EncodeToString(sum[:])).
			SetFileName(name).SetContentType(contentType(file.ContentType, content))
	}
	return e.Save(allow(ctx))
}

// checkURL accepts an absolute http or https address.
func checkURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", apperr.Input("url", "must be an http or https address such as https://example.gov.vn/qd-12.pdf, not %q", s)
	case len(s) > maxURL:
		return "", apperr.Input("url", "must be at most %d characters", maxURL)
	}
	return s, nil
}

// fileName is the last part of the name a client gave a file (some send a
// whole Windows path), or "tai-lieu" when it gave none.
func fileName(name string) (string, error) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "tai-lieu", nil
	case !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return "", apperr.Input("file", "the file name %q has characters a file name cannot", name)
	case utf8.RuneCountInString(name) > maxName:
		return "", apperr.Input("file", "the file name must be at most %d characters", maxName)
	}
	return name, nil
}

// contentType is the media type the client declared, or the one sniffed from
// the content when it declared none that parses.
func contentType(declared string, content []byte) string {
	if mt, params, err := mime.ParseMediaType(declared); err == nil {
		if t := mime.FormatMediaType(mt, params); t != "" && len(t) <= maxName {
			return t
		}
	}
	return http.DetectContentType(content)
}
