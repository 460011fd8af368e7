package store

import (
	"context"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"strconv"
)

// Decisions a reviewer makes.
const (
	// Confirm: the machine's finding is right; Reject: it is wrong.
	Confirm = "confirm"
	Reject  = "reject"
	// Missed: a violation the machine did not find, on a line, as a concept
	// (docs/calibration.md).
	Missed = "missed"
)

// Review is one reviewer's decision on a finding of a call, or a violation they add.
type Review struct {
	Batch    string // the batch's name
	CallID   string
	Finding  string // the finding's id; "" for Missed
	Decision string
	Concept  string // Missed: what was missed
	Line     int    // Missed: where; 0 for the whole call
	Comment  string
	Reviewer string
}

// id is the review's id: one decision per reviewer, finding (or missed line and
// concept) and batch, so importing the same workbook again changes nothing and a changed
// decision replaces the earlier one.
func (r Review) id() string {
	return digest("review", r.Batch, r.CallID, r.Finding, r.Concept, strconv.Itoa(r.Line), r.Reviewer)
}

// SaveReviews records reviews, each replacing the same reviewer's earlier decision on
// the same thing, with a line of the audit log for each; it returns how many changed.
func (s *Store) SaveReviews(ctx context.Context, reviews []Review) (int, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	changed := 0
	for _, r := range reviews {
		switch {
		case r.Decision != Confirm && r.Decision != Reject && r.Decision != Missed:
			return 0, msg.Errorf("store.unknown-decision", r.Decision)
		case r.Decision != Missed && r.Finding == "":
			// A decision on no finding counted the call as reviewed and changed nothing.
			return 0, msg.Errorf("store.decision-needs-finding", r.Decision)
		case r.Decision == Missed && r.Concept == "":
			return 0, msg.Errorf("store.missed-needs-concept")
		case r.Line < 0:
			return 0, msg.Errorf("store.line-negative", r.Line)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_calls bc JOIN batches b ON b.id = bc.batch_id WHERE b.name = $1 AND bc.call_id = $2`,
			r.Batch, r.CallID).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, msg.Errorf("store.call-not-review-batch", r.CallID, r.Batch)
		}
		if r.Finding != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE id = $1 AND call_id = $2`, r.Finding, r.CallID).Scan(&n); err != nil {
				return 0, err
			}
			if n == 0 {
				return 0, msg.Errorf("store.call-has-no-finding", r.CallID, r.Finding)
			}
		}
		var before string
		err := tx.QueryRowContext(ctx, `SELECT decision || '|' || comment FROM reviews WHERE id = $1`, r.id()).Scan(&before)
		if err == nil && before == r.Decision+"|"+r.Comment {
			continue // the same decision again
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (id, batch_id, call_id, finding_id, decision, concept, line, comment, reviewer, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (id) DO UPDATE SET decision = excluded.decision, comment = excluded.comment, created_at = excluded.created_at`,
			r.id(), digest("batch", r.Batch), r.CallID, r.Finding, r.Decision, r.Concept, r.Line, r.Comment, r.Reviewer, stamp(s.now())); err != nil {
			return 0, msg.Errorf("store.cannot-save-review", err)
		}
		subject := "finding:" + r.Finding
		if r.Decision == Missed {
			subject = "call:" + r.CallID
		}
		detail := r.Decision
		if r.Concept != "" {
			detail += " " + r.Concept
		}
		if r.Comment != "" {
			detail += ": " + r.Comment
		}
		if err := s.audit(ctx, tx, r.Reviewer, "review", subject, detail); err != nil {
			return 0, err
		}
		changed++
	}
	return changed, tx.Commit()
}

// Reviews lists the reviews of a batch, oldest first.
func (s *Store) Reviews(ctx context.Context, batch string) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, finding_id, decision, concept, line, comment, reviewer
		FROM reviews WHERE batch_id = $1 ORDER BY created_at, id`, digest("batch", batch))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		r := Review{Batch: batch}
		if err := rows.Scan(&r.CallID, &r.Finding, &r.Decision, &r.Concept, &r.Line, &r.Comment, &r.Reviewer); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Reviewed is a call with its reviews.
type Reviewed struct {
	Call
	Reviews []Review
}

// ReviewedCalls returns every call with a review in batch ("" for every batch), in
// batch order, with the reviews of it.
func (s *Store) ReviewedCalls(ctx context.Context, batch string) ([]Reviewed, error) {
	q := `SELECT r.call_id, r.finding_id, r.decision, r.concept, r.line, r.comment, r.reviewer, b.name
		FROM reviews r JOIN batches b ON b.id = r.batch_id`
	var args []any
	if batch != "" {
		q += ` WHERE b.name = $1`
		args = append(args, batch)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return nil, err
	}
	byCall := map[string][]Review{}
	var order []string
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.CallID, &r.Finding, &r.Decision, &r.Concept, &r.Line, &r.Comment, &r.Reviewer, &r.Batch); err != nil {
			rows.Close()
			return nil, err
		}
		if _, ok := byCall[r.CallID]; !ok {
			order = append(order, r.CallID)
		}
		byCall[r.CallID] = append(byCall[r.CallID], r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Reviewed
	for _, id := range order {
		c, err := s.Call(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, Reviewed{Call: c, Reviews: byCall[id]})
	}
	return out, nil
}

// Call returns one stored call with its findings.
func (s *Store) Call(ctx context.Context, id string) (Call, error) {
	c, err := scanCall(s.db.QueryRowContext(ctx, `SELECT `+callColumns+` FROM calls WHERE id = $1`, id))
	if err != nil {
		return c, msg.Errorf("store.no-call", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+findingColumns+` FROM findings WHERE call_id = $1 ORDER BY seq`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		f, _, err := scanFinding(rows)
		if err != nil {
			return c, err
		}
		c.Findings = append(c.Findings, f)
	}
	return c, rows.Err()
}
