// Package store keeps what a QA department reviews: runs of zhijian check, their calls
// (metadata, transcript, score, verdict) and findings, review batches, reviews, appeals
// and an audit log. It is the stage after the report: check → report → store → review.
//
// One schema, versioned migrations (schema.go), on either of two databases behind
// database/sql: SQLite, one file, pure Go (modernc.org/sqlite, so the binary stays
// cgo-free), the default; or PostgreSQL (jackc/pgx) for a team sharing one store, named
// by a postgres:// DSN. The SQL is written once for both: $N placeholders, INSERT … ON
// CONFLICT, TEXT times in RFC 3339 (UTC), 0/1 for booleans.
package store

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// Store is an open store.
type Store struct {
	db      *sql.DB
	dialect dialect
	// DSN is where the store is, without a password.
	DSN string
	now func() time.Time
}

type dialect int

const (
	sqlite dialect = iota
	postgres
)

// Open opens the store dsn, creating it (a SQLite file) and bringing its schema up to
// date. dsn is a postgres:// or postgresql:// URL, or a file path (sqlite: prefix
// optional).
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{now: func() time.Time { return time.Now().UTC() }}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.dialect = postgres
		s.DSN = redact(dsn)
		s.db, err = sql.Open("pgx", dsn)
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, msg.Errorf("store.no-store-given-file-path")
		}
		s.dialect = sqlite
		s.DSN = path
		// Foreign keys on, a writer waits for another instead of failing, WAL so that
		// the workbench reads while a check records.
		q := url.Values{}
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		s.db, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err == nil {
			s.db.SetMaxOpenConns(1) // one writer; SQLite serialises them anyway
		}
	}
	if err != nil {
		return nil, msg.Errorf("store.cannot-open-store", s.DSN, err)
	}
	if err := whileBusy(ctx, func() error { return s.db.PingContext(ctx) }); err != nil {
		s.db.Close()
		return nil, msg.Errorf("store.cannot-reach-store", s.DSN, err)
	}
	if err := whileBusy(ctx, func() error { return s.migrate(ctx) }); err != nil {
		s.db.Close()
		return nil, msg.Errorf("store.cannot-bring-store-schema-up", s.DSN, err)
	}
	return s, nil
}

// beginWrite begins a transaction that will write. On SQLite it takes the write lock
// first, waiting for another writer as the busy timeout allows: begun as a read, a
// transaction that writes after another process wrote since its read cannot wait and
// failed at once, "database is locked (517)": of four review imports run together, two
// failed. (PostgreSQL locks the rows a transaction writes.)
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil || s.dialect != sqlite {
		return tx, err
	}
	// A write takes the lock, though it changes nothing.
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = version WHERE 0 = 1`); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// busyFor is how long Open retries a new SQLite file another process is creating.
const busyFor = 10 * time.Second

// whileBusy runs f again while SQLite answers SQLITE_BUSY. The busy timeout does not
// cover every case: a connection switching a file that is being created to WAL is told
// "database is locked" at once when several runs open a new store together.
func whileBusy(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(busyFor)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := f()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// redact drops the password from a DSN shown in messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// stamp is a time as the store keeps it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
