package loadtest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Processor time per request says where a server's throughput goes when
// the load, the server and PostgreSQL share one machine: the time of the
// server's own process, and of PostgreSQL's processes (the backends, the
// WAL writer and the rest) while that server alone is asked. Both come
// from /proc/PID/stat (utime + stime). PostgreSQL's are the processes named
// postgres, so they are known only for a database on this machine, and
// include whatever else the database does meanwhile.

// userHZ is the unit of the times in /proc/PID/stat: Linux's USER_HZ, 100
// on every architecture.
const userHZ = 100

// cpuTimes are the processor times of the server and of each of
// PostgreSQL's processes, by PID, at one moment.
type cpuTimes struct {
	server   time.Duration
	serverOK bool
	database map[int]time.Duration
}

// readCPU reads the processor times of process pid (none when 0) and of
// PostgreSQL's processes.
func readCPU(pid int) cpuTimes {
	c := cpuTimes{database: postgresCPU()}
	if pid != 0 {
		c.server, c.serverOK = processCPU(pid)
	}
	return c
}

// used is the processor time used from c0 to c: the server's, known when
// both readings are, and PostgreSQL's, known when it has processes. A
// PostgreSQL process that ended in between takes its time with it (the load
// keeps its connections open); one that started counts from zero.
type used struct {
	server, database time.Duration
	serverOK, dbOK   bool
}

// add adds the times of another round to u; first says u holds none yet
// (the first round).
func (u used) add(v used, first bool) used {
	if first {
		return v
	}
	return used{server: u.server + v.server, database: u.database + v.database, serverOK: u.serverOK && v.serverOK, dbOK: u.dbOK && v.dbOK}
}

func (c cpuTimes) since(c0 cpuTimes) used {
	u := used{server: c.server - c0.server, serverOK: c.serverOK && c0.serverOK, dbOK: len(c.database) > 0}
	for pid, t := range c.database {
		u.database += t - c0.database[pid]
	}
	return u
}

// processCPU returns the processor time process pid has used, and whether
// it could be read.
func processCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	return statCPU(b)
}

// statCPU reads utime + stime from the text of /proc/PID/stat: the 14th and
// 15th fields, counted after the command name, which may hold spaces and
// parentheses and ends at the last ')'.
func statCPU(stat []byte) (time.Duration, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(stat[i+1:]) // from the state, the 3rd field
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / userHZ, true
}

// postgresCPU returns the processor time used by each process named
// postgres running now, by PID.
func postgresCPU() map[int]time.Duration {
	dirs, _ := filepath.Glob("/proc/[0-9]*") // the pattern is valid
	times := map[int]time.Duration{}
	for _, d := range dirs {
		comm, err := os.ReadFile(d + "/comm")
		if err != nil || string(bytes.TrimSpace(comm)) != "postgres" {
			continue
		}
		b, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(d))
		if t, ok := statCPU(b); ok && err == nil {
			times[pid] = t
		}
	}
	return times
}

// perRequest writes the processor time per request in ms, or "—" when unknown.
func perRequest(t time.Duration, known bool, requests int) string {
	if !known || requests == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f ms", float64(t)/float64(requests)/float64(time.Millisecond))
}
