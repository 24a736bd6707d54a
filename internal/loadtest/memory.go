package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The server's memory is the resident set of its process (VmRSS in
// /proc/PID/status): what the machine gives it, heap, stacks, runtime and
// code alike, the same measure for a Go and a Node.js process. Go's own
// figures (runtime/metrics) would leave out what the runtime holds beyond
// the heap and could not be read from Node.

// rssMax keeps the largest resident set sampled.
type rssMax struct{ max atomic.Int64 }

// sample reads the resident set of pid every 50 ms from the time from on,
// until ctx ends.
func (r *rssMax) sample(ctx context.Context, pid int, from time.Time) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.Before(from) {
				continue
			}
			if v, err := readStatus(pid, "VmRSS"); err == nil && v > r.max.Load() {
				r.max.Store(v)
			}
		}
	}
}

func (r *rssMax) get() int64 { return r.max.Load() }

// readStatus reads a size field of /proc/PID/status ("VmRSS", "VmHWM"), in bytes.
func readStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s of process %d: %w", field, pid, err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// megabytes writes a size in MB, or "—" when unknown.
func megabytes(b int64) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
}
