package loadtest

import (
	"os"
	"testing"
	"time"
)

func TestStatCPU(t *testing.T) {
	// A command name with spaces and parentheses; utime 250 and stime 50 ticks.
	stat := []byte("4242 (post (gres) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 50 0 0 20 0 1 0 100 1000 10 18446744073709551615\n")
	if got, ok := statCPU(stat); !ok || got != 3*time.Second {
		t.Errorf("statCPU = %v, %v; want 3s", got, ok)
	}
	for _, bad := range []string{"", "1 (x) S 1 2", "1 (x) S 1 2 3 4 5 6 7 8 9 10 eleven 12"} {
		if _, ok := statCPU([]byte(bad)); ok {
			t.Errorf("statCPU(%q) ok", bad)
		}
	}
}

func TestProcessCPU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	before, ok := processCPU(os.Getpid())
	if !ok {
		t.Fatal("cannot read this process's processor time")
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if after, _ := processCPU(os.Getpid()); after > before {
			return
		}
		for i := 0; i < 1_000_000; i++ { // spend processor time
			_ = i * i
		}
	}
	t.Error("the processor time of a busy process did not grow in 5 s")
}

func TestUsed(t *testing.T) {
	c0 := cpuTimes{server: time.Second, serverOK: true, database: map[int]time.Duration{1: time.Second, 2: time.Second}}
	// Backend 2 ended, 3 started: 1 used 1 s, 3 used 2 s.
	c1 := cpuTimes{server: 3 * time.Second, serverOK: true, database: map[int]time.Duration{1: 2 * time.Second, 3: 2 * time.Second}}
	u := c1.since(c0)
	if u != (used{server: 2 * time.Second, database: 3 * time.Second, serverOK: true, dbOK: true}) {
		t.Errorf("since = %+v", u)
	}
	total := used{}.add(u, true).add(used{server: time.Second, serverOK: true}, false)
	if total.server != 3*time.Second || !total.serverOK || total.dbOK {
		t.Errorf("add = %+v: a round without PostgreSQL's times leaves them unknown", total)
	}
	if s := (&Stat{CPU: total, Requests: 1000}).ServerCPU(); s != "3.00 ms" {
		t.Errorf("ServerCPU = %q", s)
	}
	if s := (&Stat{CPU: total, Requests: 1000}).DatabaseCPU(); s != "—" {
		t.Errorf("DatabaseCPU = %q", s)
	}
}
