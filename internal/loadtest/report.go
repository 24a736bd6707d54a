package loadtest

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Markdown writes the report's tables: one row per question and server, the
// throughput ratio on cchc's row, then the peak memory of each server, and
// what each question is.
func (r *Report) Markdown(w io.Writer) {
	c := r.Config
	fmt.Fprintf(w, "Concurrency %d; per question and server %d round(s) of %v measured after %v of warm-up, alternating which server goes first; %v in all.\n\n",
		c.Concurrency, c.Rounds, c.Duration, c.Warmup, r.Took.Round(time.Second))
	fmt.Fprintln(w, "| question | server | req/s | p50 | p99 | errors | RSS max | server CPU / req | PostgreSQL CPU / req | cchc ÷ PostGraphile (req/s) |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Stats {
		ratio := ""
		if s.Kind == CCHC {
			if p := r.Stat(s.Question.Name, PostGraphile); p != nil && p.PerSecond() > 0 {
				ratio = fmt.Sprintf("**%.2f**", s.PerSecond()/p.PerSecond())
			} else if p == nil && r.Notes[PostGraphile] == "" {
				ratio = "no equivalent"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %.1f | %s | %s | %d | %s | %s | %s | %s |\n",
			s.Question.Name, s.Kind, s.PerSecond(), ms(s.P50), ms(s.P99), s.Errors, megabytes(s.RSS), s.ServerCPU(), s.DatabaseCPU(), ratio)
	}
	fmt.Fprintln(w)
	for _, k := range []Kind{CCHC, PostGraphile} {
		if peak, ok := r.Peak[k]; ok {
			fmt.Fprintf(w, "- %s server process: peak resident set over the run (VmHWM) **%s**\n", k, megabytes(peak))
		}
		if n := r.Notes[k]; n != "" {
			fmt.Fprintf(w, "- %s: %s\n", k, n)
		}
	}
	var errs []string
	for _, s := range r.Stats {
		if s.Error != "" {
			errs = append(errs, fmt.Sprintf("- first error of %s on %s: %s", s.Question.Name, s.Kind, s.Error))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(w, strings.Join(errs, "\n"))
	}
}

// Questions writes what each question asks, as who, and PostGraphile's equivalent.
func (r *Report) Questions(w io.Writer) {
	seen := map[string]bool{}
	for _, s := range r.Stats {
		q := s.Question
		if seen[q.Name] {
			continue
		}
		seen[q.Name] = true
		fmt.Fprintf(w, "- **%s**: %s; asked of cchc as %s.", q.Name, q.Title, q.Caller)
		if q.Equivalent != "" {
			fmt.Fprintf(w, " PostGraphile: %s.", q.Equivalent)
		}
		fmt.Fprintln(w)
	}
}

// ms writes a latency in milliseconds.
func ms(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}
