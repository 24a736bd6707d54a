// Package migrations holds the versioned SQL migrations of the database, one
// directory per dialect, generated from the ent schema by
// `go run ./cmd/cchc migrate diff NAME` and applied by `cchc migrate` and at
// server start.
package migrations

import "embed"

// FS holds the postgres/ and sqlite/ migration directories.
//
//go:embed postgres sqlite
var FS embed.FS

// PartitionDossiers is the SQL that partitions the dossiers by year on
// PostgreSQL (extra/partition_dossiers.sql): applied by hand, never by the
// migrations; docs/SCALING.md.
//
//go:embed extra/partition_dossiers.sql
var PartitionDossiers string
