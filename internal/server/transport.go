package server

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"cchc/internal/apperr"
)

// The refusals of gqlgen's transports carry no extensions.code, and a
// mutation sent by GET answers 406; GraphQL over HTTP wants 405. These
// wrappers refuse such requests first, in the API's error format.

// refuseTransport answers a request to /graphql that no transport takes: a
// method other than GET, HEAD, POST and OPTIONS (405), or a POST whose body is not
// JSON nor multipart (415). gqlgen would answer 400 without a code.
func refuseTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		case http.MethodPost:
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if mt != "application/json" && mt != "multipart/form-data" {
				writeTransportError(w, r, http.StatusUnsupportedMediaType, "Content-Type",
					"Content-Type: a GraphQL request is sent as application/json (or multipart/form-data with files)")
				return
			}
		default:
			w.Header().Set("Allow", "GET, HEAD, POST, OPTIONS")
			writeTransportError(w, r, http.StatusMethodNotAllowed, "", "method "+r.Method+" is not allowed: send GraphQL requests by POST (or queries by GET)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// getTransport is gqlgen's GET transport, but for requests it would refuse
// without a code: parameters that cannot be read answer 400 BAD_USER_INPUT
// naming the parameter, and a mutation 405 with Allow: POST.
type getTransport struct{ transport.GET }

func (g getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeTransportError(w, r, http.StatusBadRequest, "", "the URL's query string cannot be read: "+err.Error())
		return
	}
	for _, name := range []string{"variables", "extensions"} {
		if v := q.Get(name); v != "" {
			var m map[string]any
			if json.Unmarshal([]byte(v), &m) != nil {
				writeTransportError(w, r, http.StatusBadRequest, name, name+": must be a JSON object")
				return
			}
		}
	}
	if mutation(q.Get("query"), q.Get("operationName")) {
		w.Header().Set("Allow", "POST")
		writeTransportError(w, r, http.StatusMethodNotAllowed, "", "a mutation is sent by POST, not GET")
		return
	}
	g.GET.Do(w, r, exec)
}

// mutation tells whether the operation a GET request would run is not a
// query; a document that does not parse is left to gqlgen to refuse.
func mutation(query, name string) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return false
	}
	var op *ast.OperationDefinition
	switch {
	case name != "":
		op = doc.Operations.ForName(name)
	case len(doc.Operations) == 1:
		op = doc.Operations[0]
	}
	return op != nil && op.Operation != ast.Query
}

// writeTransportError answers a request refused before GraphQL reads it,
// with BAD_USER_INPUT, the status and the parameter at fault, if any.
func writeTransportError(w http.ResponseWriter, r *http.Request, status int, field, message string) {
	apperr.WriteHTTP(r.Context(), w, nil, &apperr.Error{Code: apperr.BadInput, Field: field, Message: message, Status: status})
}
