package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"cchc/internal/config"
	"cchc/internal/database"
)

// backup copies the embedded database of DATABASE_URL into a new file while
// the server runs.
func backup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "the new file to write the copy to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" || fs.NArg() > 0 {
		return errors.New("usage: cchc backup --to FILE")
	}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	if err := database.Backup(ctx, url, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (integrity checked)\n", config.SQLitePath(url), *to)
	return nil
}

// restore replaces the embedded database of DATABASE_URL with a backup; the
// server must be stopped.
func restore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "the backup to restore")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		return errors.New("usage: cchc restore --from FILE (stop cchc serve first)")
	}
	url, err := config.DatabaseURL()
	if err != nil {
		return err
	}
	bak, err := database.Restore(ctx, *from, url)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", config.SQLitePath(url), *from)
	if bak != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", bak)
	}
	return nil
}

// healthcheck asks the local server's /readyz, for container health checks
// in images without curl: exit status 0 when it answers 200.
func healthcheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	url := fs.String("url", "", "the URL to ask (default http://CCHC_ADDR/readyz, 127.0.0.1 for an unspecified host)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *url == "" {
		host, port, err := net.SplitHostPort(config.Addr())
		if err != nil {
			return fmt.Errorf("CCHC_ADDR: %w", err)
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		*url = "http://" + net.JoinHostPort(host, port) + "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", *url, res.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
