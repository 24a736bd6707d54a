package limits

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"cchc/internal/apperr"
)

// TestAnsweredPastTheDeadline: gqlgen's response handler gives nothing once
// the request's context is done, which the transports would write as HTTP
// 200 with the body null; Answered gives the timeout error instead, once,
// and leaves every other answer as it is.
func TestAnsweredPastTheDeadline(t *testing.T) {
	l := Default()
	l.Timeout = 5 * time.Second
	answered := l.Answered(l.Presenter(apperr.Presenter(slog.New(slog.DiscardHandler))))
	nothing := func(context.Context) graphql.ResponseHandler {
		return func(context.Context) *graphql.Response { return nil }
	}

	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	handler := answered(expired, nothing)
	r := handler(expired)
	if r == nil || len(r.Errors) != 1 {
		t.Fatalf("past the deadline: %+v, want the timeout error", r)
	}
	if e := r.Errors[0]; e.Message == "" || fmt.Sprint(e.Extensions["code"]) != "LIMIT_EXCEEDED" || fmt.Sprint(e.Extensions["limit"]) != "timeout" {
		t.Errorf("past the deadline: %s %v", e.Message, e.Extensions)
	}
	if r := handler(expired); r != nil {
		t.Errorf("the second call of the handler, the end of the responses: %+v, want nil", r)
	}

	// Within its time, or cancelled by the client, an empty answer stays empty.
	live, stop := context.WithCancel(context.Background())
	if r := answered(live, nothing)(live); r != nil {
		t.Errorf("within the time: %+v, want nil", r)
	}
	stop()
	if r := answered(live, nothing)(live); r != nil {
		t.Errorf("cancelled by the client: %+v, want nil", r)
	}
}
