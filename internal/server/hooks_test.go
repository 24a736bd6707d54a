package server

import "testing"

// SetExportMaxRows lowers the most rows of an export for the test t.
func SetExportMaxRows(t *testing.T, n int) {
	old := exportMaxRows
	exportMaxRows = n
	t.Cleanup(func() { exportMaxRows = old })
}
