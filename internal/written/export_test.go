package written

// Kept is get, for the tests of package written_test.
var Kept = (*Dossiers).get
