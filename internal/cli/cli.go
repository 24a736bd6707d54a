// Package cli is what the commands cchc (the product) and cchc-bench (the
// benchmarks and load tests) share: the process's context, cancelled by
// SIGINT and SIGTERM, the logger configured by internal/config, and the
// dispatch of subcommands with their usage.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"cchc/internal/config"
	"cchc/internal/observe"
)

// Command is a subcommand: its arguments after its name, where to print, and
// the process's logger.
type Command func(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error

// Plain is a Command of a subcommand that logs nothing.
func Plain(f func(ctx context.Context, args []string, stdout io.Writer) error) Command {
	return func(ctx context.Context, args []string, stdout io.Writer, _ *slog.Logger) error {
		return f(ctx, args, stdout)
	}
}

// Main runs the subcommand os.Args names and exits 1, saying why after the
// command's name, when it fails.
func Main(name, usage string, commands map[string]Command) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logging, err := config.Log()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
	log := observe.NewLogger(os.Stderr, logging.Format, logging.Level)
	if err := Run(ctx, os.Args[1:], os.Stdout, log, usage, commands); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Run runs the subcommand args[0] names; none, or help, prints usage.
func Run(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger, usage string, commands map[string]Command) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		if c, ok := commands[cmd]; ok {
			return c(ctx, rest, stdout, log)
		}
		return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
	}
}
