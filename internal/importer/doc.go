// Package importer imports the dossiers a commune's one-stop-shop software
// (phần mềm một cửa, Cổng dịch vụ công) exports, as CSV or XLSX with the
// national public service portal's column names and codes: Parse reads and
// checks a file cell by cell, streaming it; Import checks its rows against
// the records and the caller's rights and, when none is wrong, writes them
// in one transaction through ent, creating, updating or leaving each
// dossier by its code in its unit. docs/IMPORT.md is the format's reference.
package importer
