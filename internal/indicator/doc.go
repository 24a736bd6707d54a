// Package indicator computes the figures of the periodic reform report
// (DOMAIN.md) for units and periods from the records: dossiers handled at the
// one-stop shop, staffing, plans and tasks, feedback and budget, with the
// findings that make gaps in them visible. Figures of every commune asked
// for come from one pass over each kind of record (a bounded number of SQL
// statements whatever the number of units); a district or province sums the
// communes under it and recomputes its rates from the sums.
package indicator
