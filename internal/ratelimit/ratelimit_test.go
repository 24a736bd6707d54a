package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// clock is a time that tests step by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time           { return c.t }
func (c *clock) step(d time.Duration)     { c.t = c.t.Add(d) }
func newClock() *clock                    { return &clock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func allowed(l *Limiter, key string) bool { ok, _ := l.Allow(key); return ok }

func TestBucket(t *testing.T) {
	c := newClock()
	l := New(2, 4, WithClock(c.now))
	for i := range 4 {
		if !allowed(l, "a") {
			t.Fatalf("request %d of a burst of 4 refused", i+1)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("the 5th request at 2/s: %v, wait %v; want refused, 500ms", ok, wait)
	}
	if !allowed(l, "b") {
		t.Fatal("another key has a bucket of its own")
	}
	c.step(499 * time.Millisecond)
	if ok, wait := l.Allow("a"); ok || wait != time.Millisecond {
		t.Fatalf("1ms early: %v, wait %v", ok, wait)
	}
	c.step(time.Millisecond)
	if !allowed(l, "a") || allowed(l, "a") {
		t.Fatal("after 500ms at 2/s one request, and one only, passes")
	}
	c.step(time.Hour)
	for i := range 4 {
		if !allowed(l, "a") {
			t.Fatalf("a refilled bucket holds no more than the burst: request %d refused", i+1)
		}
	}
	if allowed(l, "a") {
		t.Fatal("a refilled bucket holds no more than the burst")
	}
}

func TestOff(t *testing.T) {
	if l := New(0, 100); l != nil {
		t.Fatalf("a rate of 0 limits nothing: %+v", l)
	}
}

// TestMemoryBounded: keys that come and go leave no buckets behind once
// refilled, however many there were.
func TestMemoryBounded(t *testing.T) {
	c := newClock()
	l := New(10, 5, WithClock(c.now)) // a bucket refills in 0.5 s
	for i := range 100_000 {
		l.Allow(fmt.Sprint("address ", i))
		c.step(time.Millisecond) // 1,000 new keys a second, 500 of them within a refill
	}
	if n := l.Len(); n > 2*minSweep {
		t.Fatalf("%d buckets kept for 100,000 keys, at most 500 of them not yet refilled", n)
	}
	// A bucket still in use is never dropped: it keeps its debt.
	for range 5 {
		l.Allow("busy")
	}
	for i := range 5000 {
		l.Allow(fmt.Sprint("other ", i)) // sweeps, without moving the clock
	}
	if allowed(l, "busy") {
		t.Fatal("a sweep forgot an empty bucket")
	}
}
