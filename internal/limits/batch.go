package limits

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"cchc/internal/apperr"
)

// Batching is the gqlgen transport of batched requests (as Apollo Client
// sends them): a POST whose JSON body is an array of operations is answered
// with the array of their results, in order. Each operation is run as if it
// came alone, one after the other, with the same limits and the same
// caller. A batch of more than Max operations runs none of them and is
// answered with one LIMIT_EXCEEDED error. Add it before transport.POST,
// which takes every JSON POST.
type Batching struct{ Max int }

var _ graphql.Transport = Batching{}

// Supports takes JSON POSTs whose body starts with '['. It reads the body
// up to its first byte that is not white space (at most 512 bytes), and
// puts back what it read for whichever transport reads the body.
func (b Batching) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" || r.Body == nil {
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return false
	}
	head := make([]byte, 0, 64) // a request's first read brings its first byte; white space before it is rare
	first := byte(0)
	for scanned := 0; first == 0 && len(head) < 512; {
		if len(head) == cap(head) {
			head = slices.Grow(head, 64)
		}
		n, err := r.Body.Read(head[len(head):min(cap(head), 512)])
		head = head[:len(head)+n]
		for ; scanned < len(head) && first == 0; scanned++ {
			switch c := head[scanned]; c {
			case ' ', '\t', '\r', '\n':
			default:
				first = c
			}
		}
		if err != nil || n == 0 {
			break
		}
	}
	r.Body = &unread{head: head, ReadCloser: r.Body}
	return first == '['
}

// unread is a body with the bytes already read from it put back before it.
type unread struct {
	head []byte
	io.ReadCloser
}

func (u *unread) Read(p []byte) (int, error) {
	if len(u.head) > 0 {
		n := copy(p, u.head)
		u.head = u.head[n:]
		return n, nil
	}
	return u.ReadCloser.Read(p)
}

// Do runs the batch.
func (b Batching) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	w.Header().Set("Content-Type", "application/json")
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	var ops []json.RawMessage
	if err == nil {
		err = json.Unmarshal(body, &ops)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("the body is not a JSON array of GraphQL requests: %v", err)}))
		return
	}
	switch {
	case len(ops) == 0:
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, exec.DispatchError(ctx, gqlerror.List{toGQL(apperr.New(apperr.BadInput, "the batch holds no operation"), nil)}))
		return
	case len(ops) > b.Max:
		e := exceeded(Batch, int64(b.Max), int64(len(ops)),
			"the batch holds %d operations, more than the limit of %d: send them in several requests", len(ops), b.Max)
		writeJSON(w, exec.DispatchError(ctx, gqlerror.List{toGQL(e, nil)}))
		return
	}
	read := graphql.TraceTiming{Start: start, End: graphql.Now()}
	results := make([]*graphql.Response, len(ops))
	for i, raw := range ops {
		results[i] = run(ctx, exec, raw, r.Header, read)
	}
	writeJSON(w, results)
}

// run executes one operation of a batch as transport.POST would.
func run(ctx context.Context, exec graphql.GraphExecutor, raw json.RawMessage, header http.Header, read graphql.TraceTiming) *graphql.Response {
	params := &graphql.RawParams{Headers: header, ReadTime: read}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		return exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("not a GraphQL request: %v", err)})
	}
	oc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		return exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs)
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	return responses(ctx)
}

func writeJSON(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(&graphql.Response{Errors: gqlerror.List{{Message: "the response could not be encoded"}}})
	}
	w.Write(b)
}
