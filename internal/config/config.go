// Package config reads the server's configuration from the environment. It is
// the only place that reads environment variables.
package config

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cchc/internal/auth"
)

// DefaultSQLitePath is where the embedded database lives when DATABASE_URL is empty.
const DefaultSQLitePath = "cchc.db"

// Config is the configuration of the server and its commands.
type Config struct {
	// DatabaseURL is postgres://… for PostgreSQL, or file:PATH for the embedded SQLite.
	DatabaseURL string
	// Addr is the address the server listens on.
	Addr string
	// JWTSecret signs and verifies tokens (HS256).
	JWTSecret []byte
	// SecretNote says where a generated secret was stored, for the log; empty otherwise.
	SecretNote string
	// PublicKey, when set, is an external identity provider's key (RSA or
	// Ed25519, from the PEM file CCHC_JWT_PUBLIC_KEY_FILE) whose RS256 or
	// EdDSA tokens are honoured beside the HS256 ones.
	PublicKey crypto.PublicKey
	// PublicIssuer is the iss the provider's tokens must carry (CCHC_JWT_ISSUER).
	PublicIssuer string
}

// Keys returns what tokens are verified with.
func (c Config) Keys() auth.Keys {
	return auth.Keys{Secret: c.JWTSecret, Public: c.PublicKey, PublicIssuer: c.PublicIssuer}
}

// readPublicKey reads a PEM-encoded PKIX public key, RSA or Ed25519.
func readPublicKey(path string) (crypto.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %s holds no PEM block", path)
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %w", err)
	}
	switch key.(type) {
	case *rsa.PublicKey, ed25519.PublicKey:
		return key, nil
	}
	return nil, fmt.Errorf("CCHC_JWT_PUBLIC_KEY_FILE: %T keys are not supported (RSA or Ed25519)", key)
}

// Postgres tells whether the configuration points at PostgreSQL.
func (c Config) Postgres() bool { return IsPostgres(c.DatabaseURL) }

// IsPostgres tells whether a database URL is a PostgreSQL one.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// FromEnv reads DATABASE_URL, CCHC_ADDR, CCHC_JWT_SECRET and, for an
// external identity provider, CCHC_JWT_PUBLIC_KEY_FILE and CCHC_JWT_ISSUER. On PostgreSQL a
// secret is required; on the embedded SQLite one is generated on first use and
// kept in a file beside the database, so tokens survive restarts.
func FromEnv() (Config, error) {
	url, err := DatabaseURL()
	c := Config{
		DatabaseURL:  url,
		Addr:         os.Getenv("CCHC_ADDR"),
		JWTSecret:    []byte(os.Getenv("CCHC_JWT_SECRET")),
		PublicIssuer: os.Getenv("CCHC_JWT_ISSUER"),
	}
	if err != nil {
		return c, err
	}
	if path := os.Getenv("CCHC_JWT_PUBLIC_KEY_FILE"); path != "" {
		key, err := readPublicKey(path)
		if err != nil {
			return c, err
		}
		c.PublicKey = key
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if len(c.JWTSecret) > 0 {
		if len(c.JWTSecret) < 32 {
			return c, errors.New("CCHC_JWT_SECRET must be at least 32 bytes long")
		}
		return c, nil
	}
	if c.Postgres() {
		return c, errors.New("CCHC_JWT_SECRET is required with PostgreSQL: set it to a random string of at least 32 bytes")
	}
	path := SecretPath(c.DatabaseURL)
	secret, err := os.ReadFile(path)
	switch {
	case err == nil:
		c.JWTSecret = []byte(strings.TrimSpace(string(secret)))
	case errors.Is(err, os.ErrNotExist):
		b := make([]byte, 32)
		rand.Read(b)
		c.JWTSecret = []byte(hex.EncodeToString(b))
		if err := os.WriteFile(path, append(c.JWTSecret, '\n'), 0o600); err != nil {
			return c, fmt.Errorf("storing the generated JWT secret: %w", err)
		}
		c.SecretNote = "CCHC_JWT_SECRET is not set: generated one and stored it in " + path
	default:
		return c, fmt.Errorf("reading the JWT secret: %w", err)
	}
	return c, nil
}

// DatabaseURL reads DATABASE_URL alone (default file:cchc.db), for commands
// that neither sign nor verify tokens, such as cchc bench.
func DatabaseURL() (string, error) {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = "file:" + DefaultSQLitePath
	}
	if !IsPostgres(url) && !strings.HasPrefix(url, "file:") {
		return url, fmt.Errorf("DATABASE_URL must start with postgres:// or file:, got %q", url)
	}
	return url, nil
}

// SecretPath is the file beside an embedded database that keeps its generated secret.
func SecretPath(databaseURL string) string {
	path := strings.TrimPrefix(databaseURL, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".secret"
}
