package pgtest_test

import (
	"database/sql"
	"testing"

	"cchc/internal/pgtest"
)

// TestCluster: the private cluster answers, stops, and answers again after
// a crash, with what was committed before it.
func TestCluster(t *testing.T) {
	c := pgtest.Start(t)
	url := c.CreateDatabase(t, "probe")
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)"); err != nil {
		t.Fatal(err)
	}
	c.StopServer(t, "immediate")
	if err := db.Ping(); err == nil {
		t.Fatal("the stopped server answers")
	}
	c.StartServer(t)
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 2 {
		t.Fatalf("after the restart: %d rows, %v", n, err)
	}
}
