// Package observe carries what the server knows of a request — its ID, the
// account once authenticated, its GraphQL operations — in the request's
// context, and writes it on every log line logged with that context. It
// depends on nothing of the product, so that any package (the error
// presenter, authentication) may record into it or log through it.
package observe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
)

// Request is what is known of one HTTP request. The middleware that starts
// the request puts it in the context; layers inside fill it in as they learn
// (the account, the operations), and the access log reads it at the end.
type Request struct {
	ID string

	mu         sync.Mutex
	account    Account
	operations []string
}

// Account is the authenticated caller of a request.
type Account struct {
	Subject string
	Role    string
	Unit    string
}

type requestKey struct{}

// NewContext returns ctx carrying r.
func NewContext(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// FromContext returns the request of ctx, or nil outside a request.
func FromContext(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// RequestID is the ID of ctx's request, or "" outside a request.
func RequestID(ctx context.Context) string {
	if r := FromContext(ctx); r != nil {
		return r.ID
	}
	return ""
}

// SetAccount records the authenticated caller of ctx's request.
func SetAccount(ctx context.Context, a Account) {
	if r := FromContext(ctx); r != nil {
		r.mu.Lock()
		r.account = a
		r.mu.Unlock()
	}
}

// AddOperation records the name of a GraphQL operation that ctx's request
// ran (several for a batch).
func AddOperation(ctx context.Context, name string) {
	if r := FromContext(ctx); r != nil {
		r.mu.Lock()
		r.operations = append(r.operations, name)
		r.mu.Unlock()
	}
}

// Account returns the caller recorded so far; zero before authentication.
func (r *Request) Account() Account {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.account
}

// Operations returns the names of the GraphQL operations run so far.
func (r *Request) Operations() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.operations)
}

// maxIDLength bounds an incoming X-Request-ID, which lands in every log line.
const maxIDLength = 128

// RequestIDFrom returns the X-Request-ID a client or proxy sent if it is
// sane — 1 to 128 letters, digits and -_.:+=/@, as UUIDs and the IDs of
// common proxies are — and a new random one otherwise, so that nothing a
// client sends can forge the structure of a log line.
func RequestIDFrom(header string) string {
	if sane(header) {
		return header
	}
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func sane(id string) bool {
	if id == "" || len(id) > maxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '+', c == '=', c == '/', c == '@':
		default:
			return false
		}
	}
	return true
}
