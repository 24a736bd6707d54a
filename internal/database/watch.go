package database

import (
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Watch calls changed for every notification on the PostgreSQL channel, with
// live true, from a connection of its own that it keeps open (reconnecting
// when it is lost) until the database is closed. It calls changed(false)
// when the connection is lost and changed(true) when it is back: a watcher
// cannot know what changed while it was not listening. On SQLite, which has
// no notifications, it does nothing and changed is never called, so a
// caller's cache stays off there.
func (db *DB) Watch(channel string, changed func(live bool)) {
	if db.Dialect != dialect.Postgres {
		return
	}
	w := &watcher{done: make(chan struct{}), changed: changed}
	w.l = pq.NewListener(db.dsn, 100*time.Millisecond, 5*time.Second, w.event)
	db.watchers = append(db.watchers, w)
	go func() {
		// Listen waits for the connection: the server starts meanwhile, its
		// watchers not yet live.
		if err := w.l.Listen(channel); err != nil {
			return // closed, or refused by the server
		}
		w.set(func() { w.listening = true })
		w.run()
	}()
}

// watcher is one listening connection.
type watcher struct {
	l       *pq.Listener
	changed func(live bool)
	done    chan struct{}
	once    sync.Once

	mu                   sync.Mutex
	listening, connected bool
}

// event follows the state of the listener's connection.
func (w *watcher) event(ev pq.ListenerEventType, _ error) {
	switch ev {
	case pq.ListenerEventConnected, pq.ListenerEventReconnected:
		w.set(func() { w.connected = true })
	case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
		w.set(func() { w.connected = false })
	}
}

// set changes the state and tells the watcher whether it is live now.
func (w *watcher) set(change func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	change()
	w.changed(w.listening && w.connected)
}

func (w *watcher) run() {
	ping := time.NewTicker(30 * time.Second) // a dead connection is noticed only when used
	defer ping.Stop()
	for {
		select {
		case <-w.done:
			return
		case n := <-w.l.Notify:
			if n != nil { // nil after a reconnection, which event reported
				w.set(func() {})
			}
		case <-ping.C:
			go w.l.Ping()
		}
	}
}

func (w *watcher) close() {
	w.once.Do(func() {
		close(w.done)
		w.l.Close()
	})
}
