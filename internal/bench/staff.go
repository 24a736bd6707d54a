package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"cchc/internal/database"
)

// staffTasks gives the tasks of the communes' plans the officials who lead
// them (chủ trì) and those who collaborate (phối hợp): the nested reads of
// the front end (plans → tasks → officials) have someone to show.
func (g *generator) staffTasks() error {
	leads, collaborators, err := StaffTasks(g.ctx, g.db, g.cfg.Seed)
	g.stats.Leads, g.stats.Collaborators = leads, collaborators
	return err
}

// StaffTasks sets the lead of each task of a commune's plan to an official
// of that commune serving at the end of the data, and adds up to two
// collaborators, unless some task already has a lead (a province generated
// with them, or one changed by hand): a province generated before this step
// existed gets its staff when reused. It draws from its own random stream,
// so the rest of the data stays what the seed made it. It returns the leads
// and collaborators written.
func StaffTasks(ctx context.Context, db *database.DB, seed uint64) (leads, collaborators int, err error) {
	var staffed int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks WHERE lead_id IS NOT NULL`).Scan(&staffed); err != nil || staffed > 0 {
		return 0, 0, err
	}
	serving := map[int][]int{} // unit → officials serving at the end of the data, by ID
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, unit_id FROM officials WHERE ended_on IS NULL AND archived_at IS NULL ORDER BY id`)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var id, unit int
		if err := rows.Scan(&id, &unit); err != nil {
			rows.Close()
			return 0, 0, err
		}
		serving[unit] = append(serving[unit], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	type task struct{ id, unit int }
	var tasks []task
	rows, err = db.SQL.QueryContext(ctx, `SELECT t.id, p.unit_id FROM tasks t JOIN reform_plans p ON p.id = t.plan_id ORDER BY t.id`)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var t task
		if err := rows.Scan(&t.id, &t.unit); err != nil {
			rows.Close()
			return 0, 0, err
		}
		tasks = append(tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}

	r := rand.New(rand.NewPCG(seed, 0x7374616666)) // "staff": a stream of its own
	var (
		batch []string
		pairs [][2]int // collaborator, task: written after the leads, SQLite having one connection
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		// Integers written inline: one statement per thousand tasks, on both databases.
		_, err := db.SQL.ExecContext(ctx, `UPDATE tasks SET lead_id = v.column2 FROM (VALUES `+strings.Join(batch, ",")+`) AS v WHERE tasks.id = v.column1`)
		batch = batch[:0]
		return err
	}
	for _, t := range tasks {
		staff := serving[t.unit]
		if len(staff) < 3 {
			continue // districts and the province have no officials in the data
		}
		perm := r.Perm(len(staff))
		batch = append(batch, fmt.Sprintf("(%d,%d)", t.id, staff[perm[0]]))
		leads++
		for _, i := range perm[1 : 1+r.IntN(3)] {
			pairs = append(pairs, [2]int{staff[i], t.id})
		}
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return 0, 0, fmt.Errorf("bench: setting task leads: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return 0, 0, fmt.Errorf("bench: setting task leads: %w", err)
	}
	collab := newBulk(ctx, db.SQL, db.Dialect, "official_collaborating_tasks", "official_id", "task_id")
	for _, p := range pairs {
		if err := collab.add(p[0], p[1]); err != nil {
			return 0, 0, err
		}
	}
	return leads, len(pairs), collab.close()
}
