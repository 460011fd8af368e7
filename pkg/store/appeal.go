package store

import (
	"context"
	"database/sql"
	"errors"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"time"
)

// An appeal (申诉) is an agent's objection to a finding: the agent gives a reason, a
// supervisor upholds the finding or overturns it, and an overturned finding no longer
// counts against the call (it is recorded as a rejection by the supervisor). Every step
// is in the audit log.

// Appeal states and decisions.
const (
	AppealOpen       = "open"
	AppealUpheld     = "upheld"
	AppealOverturned = "overturned"
)

// AppealsBatch is the name the reviews that overturned appeals are kept under.
const AppealsBatch = "申诉 appeals"

// Appeal is one appeal.
type Appeal struct {
	ID, CallID, Finding, Agent, Reason string
	Status, DecidedBy, Decision        string
	Created, Decided                   time.Time
	// Path and Rule, Message and Text describe what is appealed, for a list.
	Path, Rule, Message, Text string
	Line                      int
}

// FileAppeal records an agent's appeal of a finding of a call.
func (s *Store) FileAppeal(ctx context.Context, a Appeal) (string, error) {
	if a.Reason == "" || a.Agent == "" {
		return "", msg.Errorf("store.appeal-needs-agent-reason")
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE id = $1 AND call_id = $2`, a.Finding, a.CallID).Scan(&n); err != nil {
		return "", err
	}
	if n == 0 {
		return "", msg.Errorf("store.call-has-no-finding", a.CallID, a.Finding)
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if s.dialect == postgres {
		// Appeals of one finding filed at once wait for each other here: else each read
		// that none was open and each was filed. (On SQLite beginWrite took the one
		// writer's lock: the second waits, then reads the first's appeal.)
		if _, err := tx.ExecContext(ctx, `SELECT id FROM findings WHERE id = $1 FOR UPDATE`, a.Finding); err != nil {
			return "", err
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appeals WHERE finding_id = $1 AND status = $2`, a.Finding, AppealOpen).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return "", msg.Errorf("store.this-finding-already-has-open")
	}
	id := digest("appeal", a.Finding, stamp(s.now()), newToken())
	if _, err := tx.ExecContext(ctx, `INSERT INTO appeals (id, call_id, finding_id, agent, reason, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, a.CallID, a.Finding, a.Agent, a.Reason, AppealOpen, stamp(s.now())); err != nil {
		return "", err
	}
	if err := s.audit(ctx, tx, a.Agent, "appeal", "finding:"+a.Finding, a.Reason); err != nil {
		return "", err
	}
	return id, tx.Commit()
}

// DecideAppeal records a supervisor's decision: uphold (the finding stands) or
// overturn (it no longer counts).
func (s *Store) DecideAppeal(ctx context.Context, id, supervisor string, overturn bool, note string) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var callID, finding, status string
	err = tx.QueryRowContext(ctx, `SELECT call_id, finding_id, status FROM appeals WHERE id = $1`, id).Scan(&callID, &finding, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return msg.Errorf("store.no-appeal", id)
	}
	if err != nil {
		return err
	}
	if status != AppealOpen {
		return msg.Errorf("store.appeal-already-decided", id)
	}
	decision := AppealUpheld
	if overturn {
		decision = AppealOverturned
	}
	// Only an appeal still open is decided: two supervisors deciding at once both read it
	// open, and on PostgreSQL the second decision overwrote the first (upheld, then
	// overturned, both in the audit log).
	res, err := tx.ExecContext(ctx, `UPDATE appeals SET status = $1, decided_by = $2, decision = $3, decided_at = $4 WHERE id = $5 AND status = $6`,
		decision, supervisor, note, stamp(s.now()), id, AppealOpen)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return msg.Errorf("store.appeal-already-decided", id)
	}
	if overturn {
		rv := Review{Batch: AppealsBatch, CallID: callID, Finding: finding, Decision: Reject, Comment: note, Reviewer: supervisor}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (id, batch_id, call_id, finding_id, decision, concept, line, comment, reviewer, created_at)
			VALUES ($1, $2, $3, $4, $5, '', 0, $6, $7, $8)
			ON CONFLICT (id) DO UPDATE SET decision = excluded.decision, comment = excluded.comment, created_at = excluded.created_at`,
			rv.id(), digest("batch", AppealsBatch), callID, finding, Reject, note, supervisor, stamp(s.now())); err != nil {
			return err
		}
	}
	if err := s.audit(ctx, tx, supervisor, "decide "+decision, "finding:"+finding, note); err != nil {
		return err
	}
	return tx.Commit()
}

// Appeals lists the appeals, open ones first, then the newest.
func (s *Store) Appeals(ctx context.Context) ([]Appeal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.call_id, a.finding_id, a.agent, a.reason, a.status, a.decided_by, a.decision,
			a.created_at, a.decided_at, c.path, f.rule, f.message, f.text, f.line
		FROM appeals a JOIN calls c ON c.id = a.call_id JOIN findings f ON f.id = a.finding_id
		ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.created_at DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Appeal
	for rows.Next() {
		var a Appeal
		var created, decided string
		if err := rows.Scan(&a.ID, &a.CallID, &a.Finding, &a.Agent, &a.Reason, &a.Status, &a.DecidedBy, &a.Decision,
			&created, &decided, &a.Path, &a.Rule, &a.Message, &a.Text, &a.Line); err != nil {
			return nil, err
		}
		a.Created, _ = time.Parse(time.RFC3339Nano, created)
		a.Decided, _ = time.Parse(time.RFC3339Nano, decided)
		out = append(out, a)
	}
	return out, rows.Err()
}

// CallReviews lists every review of a call, in every batch and from appeals, oldest
// first: what its score after review is made of.
func (s *Store) CallReviews(ctx context.Context, callID string) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, finding_id, decision, concept, line, comment, reviewer
		FROM reviews WHERE call_id = $1 ORDER BY created_at, id`, callID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.CallID, &r.Finding, &r.Decision, &r.Concept, &r.Line, &r.Comment, &r.Reviewer); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// BatchCallReviews are the reviews of every call of a batch, from any batch or appeal,
// by call, oldest first: one query for a whole batch's scores after review.
func (s *Store) BatchCallReviews(ctx context.Context, batch string) (map[string][]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.call_id, r.finding_id, r.decision, r.concept, r.line, r.comment, r.reviewer
		FROM reviews r JOIN batch_calls bc ON bc.call_id = r.call_id JOIN batches b ON b.id = bc.batch_id
		WHERE b.name = $1 ORDER BY r.created_at, r.id`, batch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]Review{}
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.CallID, &r.Finding, &r.Decision, &r.Concept, &r.Line, &r.Comment, &r.Reviewer); err != nil {
			return nil, err
		}
		out[r.CallID] = append(out[r.CallID], r)
	}
	return out, rows.Err()
}
