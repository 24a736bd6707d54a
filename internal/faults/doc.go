// Package faults holds the tests of how cchc weathers faults, run against
// the real binary (`cchc serve` as a child process of internal/harness/launch,
// built once by TestMain) under a load of mixed reads and writes (internal/loadtest's soak):
//
//   - PostgreSQL stopped (fast, and immediate as a crash) and started
//     again: meanwhile /readyz answers 503 and every request a clear
//     UNAVAILABLE error; the server recovers by itself, and every write it
//     acknowledged is there, none half there (restart_test.go);
//   - SIGTERM: the requests in flight are finished and answered, new
//     connections refused, and the process exits 0 (drain_test.go);
//   - kill -9 of a server on the embedded SQLite in the middle of writes:
//     the file stays whole, every acknowledged write is in it, and the
//     server starts on it again (kill_test.go).
//
// docs/OPERATIONS.md says what each shows.
package faults
