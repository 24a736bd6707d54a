package apitest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Get sends GET path (with its query) to the API with the bearer token (none
// when token is ""), for the endpoints beside GraphQL such as downloads, and
// returns the answer with its whole body.
func (e *Env) Get(t testing.TB, token, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.Server.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, req, token)
}

// Post sends POST path with the body of the given content type and the
// bearer token (none when token is ""), for endpoints beside GraphQL such as
// exports, and returns the answer with its whole body.
func (e *Env) Post(t testing.TB, token, path, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.Server.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return send(t, req, token)
}

// send sends req with the bearer token and reads the whole answer.
func send(t testing.TB, req *http.Request, token string) (*http.Response, []byte) {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}
