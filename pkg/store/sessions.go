package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// SessionLife is how long a workbench login lasts.
const SessionLife = 12 * time.Hour

// StartSession logs name in: the token is the session cookie's value, of which the
// store keeps only a hash, so reading the store does not let one act as its users.
func (s *Store) StartSession(ctx context.Context, name string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b[:])
	now := s.now()
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	// Expired sessions go as new ones come, so the table holds only live ones.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, until(now)); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_name, expires_at) VALUES ($1, $2, $3)`,
		sessionID(token), name, until(now.Add(SessionLife))); err != nil {
		return "", err
	}
	if err := s.audit(ctx, tx, name, "login", "user:"+name, ""); err != nil {
		return "", err
	}
	return token, tx.Commit()
}

// SessionUser is the user logged in with token, with the role the user has now; ok is
// false for an unknown, ended or expired session.
func (s *Store) SessionUser(ctx context.Context, token string) (u User, ok bool, err error) {
	if token == "" {
		return User{}, false, nil
	}
	err = s.db.QueryRowContext(ctx, `SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.id = $1 AND s.expires_at > $2`, sessionID(token), until(s.now())).Scan(&u.Name, &u.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, false, nil
	}
	return u, err == nil, err
}

// EndSession logs the session's user out.
func (s *Store) EndSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sessionID(token))
	return err
}

func sessionID(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// until is an expiry time, to the second and of fixed width, so that the store
// compares expiries as text in time order.
func until(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
