package observe

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestRequestIDFrom(t *testing.T) {
	for _, ok := range []string{"abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-5759e988-bd862e3fe1be46a994272793", strings.Repeat("a", 128)} {
		if got := RequestIDFrom(ok); got != ok {
			t.Errorf("%q replaced by %q", ok, got)
		}
	}
	for _, bad := range []string{"", "two words", strings.Repeat("a", 129), "a\nlevel=ERROR", `x"}`, "é"} {
		if got := RequestIDFrom(bad); got == bad || len(got) != 32 {
			t.Errorf("%q kept as %q", bad, got)
		}
	}
}

// TestHandler: a line logged with a request's context carries its ID and,
// once known, its account; one logged without carries neither.
func TestHandler(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "json", slog.LevelInfo)
	r := &Request{ID: "r1"}
	ctx := NewContext(context.Background(), r)
	log.InfoContext(ctx, "before")
	SetAccount(ctx, Account{Subject: "DISTRICT_OFFICER@298", Role: "DISTRICT_OFFICER", Unit: "298"})
	log.With("k", "v").InfoContext(ctx, "after")
	log.Info("outside")
	log.DebugContext(ctx, "below the level")
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %d: %s", len(lines), buf.String())
	}
	if lines[0]["request_id"] != "r1" || lines[0]["account"] != nil {
		t.Errorf("before: %v", lines[0])
	}
	if lines[1]["request_id"] != "r1" || lines[1]["account"] != "DISTRICT_OFFICER@298" || lines[1]["role"] != "DISTRICT_OFFICER" || lines[1]["unit"] != "298" || lines[1]["k"] != "v" {
		t.Errorf("after: %v", lines[1])
	}
	if lines[2]["request_id"] != nil {
		t.Errorf("outside: %v", lines[2])
	}
}
