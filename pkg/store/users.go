package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"golang.org/x/crypto/bcrypt"
)

// Roles of the workbench's users: an agent may appeal, a reviewer review, a supervisor
// also decide appeals, a lead everything.
var Roles = []string{"agent", "reviewer", "supervisor", "lead"}

// User is a workbench user.
type User struct {
	Name, Role string
}

// Can reports whether the role may do action: "review", "appeal" or "decide".
func (u User) Can(action string) bool {
	switch action {
	case "review":
		return u.Role == "reviewer" || u.Role == "supervisor" || u.Role == "lead"
	case "decide":
		return u.Role == "supervisor" || u.Role == "lead"
	case "appeal":
		return slices.Contains(Roles, u.Role)
	}
	return false
}

// AddUser adds a user, or gives an existing one a new role and password. The password
// is kept as a bcrypt hash.
func (s *Store) AddUser(ctx context.Context, name, role, password string) error {
	if name == "" || !slices.Contains(Roles, role) {
		return msg.Errorf("store.user-needs-name-role-agent")
	}
	if !validUserName(name) {
		return msg.Errorf("store.user-name-invalid", name, maxUserName)
	}
	if len(password) < 8 {
		return msg.Errorf("store.password-needs-least-characters")
	}
	if len(password) > maxPassword {
		// bcrypt reads 72 bytes and no more; it refuses a longer password in English.
		return msg.Errorf("store.password-too-long", maxPassword)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role, password = excluded.password`,
		name, role, string(hash), stamp(s.now())); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, "zhijian user add", "user", "user:"+name, role); err != nil {
		return err
	}
	return tx.Commit()
}

// maxPassword is the longest password bcrypt takes, in bytes.
const maxPassword = 72

// maxUserName is the longest user name, in characters.
const maxUserName = 64

// validUserName: a name a user can log in with and that prints as it is. The login form's
// name is trimmed, so " 王敏" could never log in; a blank name is no one; a control
// character went to the terminal of whoever listed the users.
func validUserName(name string) bool {
	if strings.TrimSpace(name) != name || utf8.RuneCountInString(name) > maxUserName || !utf8.ValidString(name) {
		return false
	}
	return !strings.ContainsFunc(name, func(r rune) bool {
		return unicode.IsControl(r) || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
	})
}

// Login checks a user's password; ok is false for an unknown user or a wrong password.
func (s *Store) Login(ctx context.Context, name, password string) (User, bool, error) {
	var role, hash string
	err := s.db.QueryRowContext(ctx, `SELECT role, password FROM users WHERE name = $1`, name).Scan(&role, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the time a check would, so a wrong name cannot be told from a wrong password.
		bcrypt.CompareHashAndPassword([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3ZDsHPyHprQqv7y1Pd6vYmC"), []byte(password))
		return User{}, false, nil
	}
	if err != nil {
		return User{}, false, err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return User{}, false, nil
	}
	return User{Name: name, Role: role}, true, nil
}

// Users lists the users by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.Name, &u.Role); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
