package database

import (
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Watch calls changed for every notification on the PostgreSQL channel, with
// live true, from a connection that the database's watches share and keep
// open (reconnecting when it is lost) until the database is closed. It calls
// changed(false) when the connection is lost and changed(true) when it is
// back: a watcher cannot know what changed while it was not listening. On
// SQLite, which has no notifications, it does nothing and changed is never
// called, so a caller's cache stays off there.
func (db *DB) Watch(channel string, changed func(live bool)) {
	if db.Dialect != dialect.Postgres {
		return
	}
	db.watchOnce.Do(func() {
		w := &watcher{done: make(chan struct{}), channels: map[string]*watched{}}
		w.l = pq.NewListener(db.dsn, 100*time.Millisecond, 5*time.Second, w.event)
		db.watcher = w
		go w.run()
	})
	w := db.watcher
	c := &watched{changed: changed}
	w.set(func() { w.channels[channel] = c })
	go func() {
		// Listen waits for the connection: the server starts meanwhile, its
		// watchers not yet live.
		if err := w.l.Listen(channel); err != nil {
			return // closed, or refused by the server
		}
		w.set(func() { c.listening = true })
	}()
}

// watcher is the listening connection of a database.
type watcher struct {
	l    *pq.Listener
	done chan struct{}
	once sync.Once

	mu        sync.Mutex
	connected bool
	channels  map[string]*watched
}

// watched is one channel listened to.
type watched struct {
	changed   func(live bool)
	listening bool
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

// set changes the state and tells every channel's watcher whether it is
// live now.
func (w *watcher) set(change func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	change()
	for _, c := range w.channels {
		c.changed(c.listening && w.connected)
	}
}

// notified tells the watcher of channel that something changed.
func (w *watcher) notified(channel string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c := w.channels[channel]; c != nil {
		c.changed(c.listening && w.connected)
	}
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
				w.notified(n.Channel)
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
