package store

import (
	"context"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"strings"
)

// migrations are the schema's versions, in order: migration i+1 brings a store from
// version i to i+1. A released migration is never edited; a change is a new one. Each is
// SQL both SQLite and PostgreSQL take.
var migrations = []string{
	// 1: runs, calls, findings; review batches, reviews, appeals, the audit log.
	`CREATE TABLE runs (
		id TEXT PRIMARY KEY,
		rulebook TEXT NOT NULL,
		rulebook_version TEXT NOT NULL,
		label TEXT NOT NULL,
		inputs TEXT NOT NULL,
		started_at TEXT NOT NULL,
		finished_at TEXT NOT NULL DEFAULT '',
		recording TEXT NOT NULL DEFAULT '',
		calls INTEGER NOT NULL DEFAULT 0,
		passed INTEGER NOT NULL DEFAULT 0,
		failed INTEGER NOT NULL DEFAULT 0,
		errors INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE calls (
		id TEXT PRIMARY KEY,
		run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		path TEXT NOT NULL,
		call_key TEXT NOT NULL,
		agent TEXT NOT NULL,
		metadata TEXT NOT NULL,
		transcript TEXT NOT NULL,
		score DOUBLE PRECISION,
		passed INTEGER NOT NULL,
		fatal INTEGER NOT NULL,
		error TEXT NOT NULL,
		recording TEXT NOT NULL,
		version INTEGER NOT NULL DEFAULT 1
	);
	CREATE INDEX calls_by_run ON calls (run_id, seq);
	CREATE INDEX calls_by_agent ON calls (run_id, agent);
	CREATE TABLE findings (
		id TEXT PRIMARY KEY,
		call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		rule TEXT NOT NULL,
		severity TEXT NOT NULL,
		message TEXT NOT NULL,
		deduct DOUBLE PRECISION NOT NULL,
		fatal INTEGER NOT NULL,
		line INTEGER NOT NULL,
		turn INTEGER NOT NULL,
		role TEXT NOT NULL,
		text TEXT NOT NULL,
		matched TEXT NOT NULL,
		shown TEXT NOT NULL,
		fingerprint TEXT NOT NULL,
		recording TEXT NOT NULL
	);
	CREATE INDEX findings_by_call ON findings (call_id, seq);
	CREATE INDEX findings_by_rule ON findings (rule);
	CREATE TABLE batches (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		seed BIGINT NOT NULL,
		spec TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE TABLE batch_calls (
		batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
		call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		reason TEXT NOT NULL,
		PRIMARY KEY (batch_id, call_id)
	);
	CREATE TABLE reviews (
		id TEXT PRIMARY KEY,
		batch_id TEXT NOT NULL,
		call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
		finding_id TEXT NOT NULL,
		decision TEXT NOT NULL,
		concept TEXT NOT NULL,
		line INTEGER NOT NULL,
		comment TEXT NOT NULL,
		reviewer TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE INDEX reviews_by_call ON reviews (call_id);
	CREATE TABLE appeals (
		id TEXT PRIMARY KEY,
		call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
		finding_id TEXT NOT NULL,
		agent TEXT NOT NULL,
		reason TEXT NOT NULL,
		status TEXT NOT NULL,
		decided_by TEXT NOT NULL DEFAULT '',
		decision TEXT NOT NULL DEFAULT '',
		created_at TEXT NOT NULL,
		decided_at TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE audit (
		id TEXT PRIMARY KEY,
		at TEXT NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		subject TEXT NOT NULL,
		detail TEXT NOT NULL
	);
	CREATE INDEX audit_by_subject ON audit (subject, at);`,
	// 2: the workbench's users, with their role and a bcrypt hash of their password.
	`CREATE TABLE users (
		name TEXT PRIMARY KEY,
		role TEXT NOT NULL,
		password TEXT NOT NULL,
		created_at TEXT NOT NULL
	);`,
	// 3: per run, the calls and passes and the score sum of each agent, and the findings
	// of each rule, so the dashboard reads a few rows per run, not every call; filled for
	// the runs already recorded.
	`CREATE TABLE run_agents (
		run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		agent TEXT NOT NULL,
		calls INTEGER NOT NULL,
		passed INTEGER NOT NULL,
		score_sum DOUBLE PRECISION NOT NULL,
		PRIMARY KEY (run_id, agent)
	);
	CREATE TABLE run_rules (
		run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		rule TEXT NOT NULL,
		findings INTEGER NOT NULL,
		PRIMARY KEY (run_id, rule)
	);
	INSERT INTO run_agents (run_id, agent, calls, passed, score_sum)
		SELECT run_id, agent, COUNT(*), SUM(passed), SUM(COALESCE(score, 0)) FROM calls WHERE error = '' GROUP BY run_id, agent;
	INSERT INTO run_rules (run_id, rule, findings)
		SELECT c.run_id, f.rule, COUNT(*) FROM findings f JOIN calls c ON c.id = f.call_id GROUP BY c.run_id, f.rule`,
	// 4: indexes no query uses since the summaries of 3, which cost every recorded call
	// and finding an index entry.
	`DROP INDEX findings_by_rule;
	DROP INDEX calls_by_agent`,
	// 5: teams (the calls' team metadata), and per run the calls and passes and score
	// sum of each team. Calls recorded before keep team '' until recorded again.
	`ALTER TABLE calls ADD COLUMN team TEXT NOT NULL DEFAULT '';
	CREATE TABLE run_teams (
		run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		team TEXT NOT NULL,
		calls INTEGER NOT NULL,
		passed INTEGER NOT NULL,
		score_sum DOUBLE PRECISION NOT NULL,
		PRIMARY KEY (run_id, team)
	)`,
	// 6: the workbench's login sessions, so a restart or a second workbench on the same
	// store keeps its users logged in. Only a hash of the cookie is kept.
	`CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
		expires_at TEXT NOT NULL
	)`,
	// 7: the bonus items each call earned (JSON), so a call rescored after review keeps
	// the points they gave. Calls recorded before have none until recorded again.
	`ALTER TABLE calls ADD COLUMN bonuses TEXT NOT NULL DEFAULT '[]'`,
}

// SchemaVersion is the schema version this zhijian writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the store to SchemaVersion, each migration in its own transaction. A
// store newer than this zhijian is refused rather than written wrongly.
//
// Each transaction takes the write lock before it reads the version: two runs opening
// a new store at once both read version 0 and both ran migration 1, and the second
// failed with "table runs already exists". Now the second waits, then finds the work
// done.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration the store lacks, under the write lock; done
// says there was none.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	lock := `UPDATE schema_version SET version = version WHERE 0 = 1` // SQLite: a write takes the lock
	if s.dialect == postgres {
		lock = `LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE`
	}
	if _, err := tx.ExecContext(ctx, lock); err != nil {
		return false, err
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return false, err
	}
	if have > len(migrations) {
		return false, msg.Errorf("store.store-schema-version-newer-than", have, len(migrations))
	}
	if have == len(migrations) {
		return true, tx.Commit()
	}
	v := have + 1
	for _, stmt := range splitStatements(migrations[v-1]) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("migration %d: %w", v, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)`, v, stamp(s.now())); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// splitStatements cuts a migration at its semicolons (the migrations hold no literal
// semicolons): the PostgreSQL driver runs one statement per Exec.
func splitStatements(sql string) []string {
	var out []string
	for _, st := range strings.Split(sql, ";") {
		if st = strings.TrimSpace(st); st != "" {
			out = append(out, st)
		}
	}
	return out
}
