package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/golang-jwt/jwt/v5"

	"cchc/internal/auth"
	"cchc/internal/importer"
	"cchc/internal/viewer"
)

// importUsage is how to call cchc import.
const importUsage = "usage: cchc import dossiers FILE --unit CODE [--dry-run] [--sub NAME]"

// importDossiers imports a one-stop-shop export into DATABASE_URL as a
// commune officer of --unit, exactly as POST /import/dossiers does for one
// (package importer): for a commune on the embedded database, or a first
// load without a running server. It prints the answer's JSON and fails when
// the file is refused.
func importDossiers(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "dossiers" {
		return errors.New(importUsage)
	}
	fs := flag.NewFlagSet("import dossiers", flag.ContinueOnError)
	unitCode := fs.String("unit", "", "official code of the commune importing, e.g. 11098")
	dryRun := fs.Bool("dry-run", false, "check the file and count what would change, writing nothing")
	sub := fs.String("sub", "", "account the import is recorded under in the audit trail, ending with @UNIT; default COMMUNE_OFFICER@UNIT")
	// The file may come before the flags or after them.
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New(importUsage)
	}
	name := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 || *unitCode == "" {
		return errors.New(importUsage)
	}
	role := viewer.CommuneOfficer
	db, _, subject, err := openAccount(ctx, *sub, role, *unitCode)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := (&auth.Authenticator{Client: db.Client}).Viewer(ctx, &auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: subject}, Role: role, Unit: *unitCode})
	if err != nil {
		return err
	}
	in, err := os.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	if st, err := in.Stat(); err != nil {
		return err
	} else if st.Size() > importer.MaxFileBytes {
		return fmt.Errorf("%s: %d bytes, over the limit of %d MB: split it", name, st.Size(), importer.MaxFileBytes>>20)
	}
	file, err := importer.Parse(in)
	if err != nil {
		return err
	}
	res, err := importer.Import(viewer.NewContext(ctx, v), db.Client, file, importer.Options{DryRun: *dryRun})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return err
	}
	if res.Refused() {
		return fmt.Errorf("%s: refused, nothing imported: %d problems", name, len(res.Errors)+res.MoreErrors)
	}
	return nil
}
