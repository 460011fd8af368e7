package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"sort"
	"time"
)

// What the review workbench (zhijian serve) reads and writes besides reviews.

// BatchInfo is a review batch with its progress.
type BatchInfo struct {
	Name, RunID     string
	Created         time.Time
	Calls, Reviewed int
}

// Batches lists the review batches, newest first, with how many of their calls have a
// review.
func (s *Store) Batches(ctx context.Context) ([]BatchInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.name, b.run_id, b.created_at, COUNT(DISTINCT bc.call_id),
			COUNT(DISTINCT r.call_id)
		FROM batches b JOIN batch_calls bc ON bc.batch_id = b.id
		LEFT JOIN reviews r ON r.batch_id = b.id AND r.call_id = bc.call_id
		GROUP BY b.name, b.run_id, b.created_at ORDER BY b.created_at DESC, b.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BatchInfo
	for rows.Next() {
		var b BatchInfo
		var created string
		if err := rows.Scan(&b.Name, &b.RunID, &created, &b.Calls, &b.Reviewed); err != nil {
			return nil, err
		}
		b.Created, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, b)
	}
	return out, rows.Err()
}

// ErrStale is returned when a call changed since the page that saves a review of it was
// read: another reviewer saved first.
var ErrStale = msg.Errorf("store.another-reviewer-saved-this-call")

// SaveReviewsOf saves reviews of one call if the call is still at version (what the
// reviewer's page showed), and moves it to the next version; ErrStale otherwise, with
// nothing saved.
func (s *Store) SaveReviewsOf(ctx context.Context, callID string, version int, reviews []Review) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE calls SET version = version + 1 WHERE id = $1 AND version = $2`, callID, version)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, ErrStale
	}
	n, err := s.SaveReviews(ctx, reviews)
	if err != nil {
		// Put the version back: nothing was saved.
		s.db.ExecContext(ctx, `UPDATE calls SET version = version - 1 WHERE id = $1 AND version = $2`, callID, version+1)
	}
	return n, err
}

// CallVersion is the call's version: it changes with every save of a review of it.
func (s *Store) CallVersion(ctx context.Context, callID string) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM calls WHERE id = $1`, callID).Scan(&v)
	return v, err
}

// AgentWeek is one agent's calls in one week (the week its run started, Monday first).
type AgentWeek struct {
	Agent  string
	Week   string // 2026-W49
	Calls  int
	Passed int
	Mean   float64
}

// AgentWeeks are the pass counts and mean scores per agent per week, over every run.
func (s *Store) AgentWeeks(ctx context.Context) ([]AgentWeek, error) {
	return s.weeks(ctx, `SELECT a.agent, r.started_at, a.calls, a.passed, a.score_sum FROM run_agents a JOIN runs r ON r.id = a.run_id`)
}

// TeamWeeks are AgentWeeks by team (the calls' team metadata; "" for none), in Agent.
func (s *Store) TeamWeeks(ctx context.Context) ([]AgentWeek, error) {
	return s.weeks(ctx, `SELECT t.team, r.started_at, t.calls, t.passed, t.score_sum FROM run_teams t JOIN runs r ON r.id = t.run_id`)
}

// weeks sums the rows of query (who, started_at, calls, passed, score sum) by week.
func (s *Store) weeks(ctx context.Context, query string) ([]AgentWeek, error) {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ agent, week string }
	acc := map[key]*AgentWeek{}
	sums := map[key]float64{}
	for rows.Next() {
		var agent, started string
		var n, passed int
		var sum sql.NullFloat64
		if err := rows.Scan(&agent, &started, &n, &passed, &sum); err != nil {
			return nil, err
		}
		t, _ := time.Parse(time.RFC3339Nano, started)
		y, w := t.ISOWeek()
		k := key{agent, isoWeek(y, w)}
		if acc[k] == nil {
			acc[k] = &AgentWeek{Agent: agent, Week: k.week}
		}
		acc[k].Calls += n
		acc[k].Passed += passed
		sums[k] += sum.Float64
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []AgentWeek
	for k, a := range acc {
		if a.Calls > 0 {
			a.Mean = sums[k] / float64(a.Calls)
		}
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Week != out[j].Week {
			return out[i].Week > out[j].Week
		}
		return out[i].Agent < out[j].Agent
	})
	return out, nil
}

func isoWeek(y, w int) string { return fmt.Sprintf("%d-W%02d", y, w) }

// RuleCount is how often a rule fired.
type RuleCount struct {
	Rule  string
	Count int
}

// TopRules are the rules with the most findings over every run, most first.
func (s *Store) TopRules(ctx context.Context, n int) ([]RuleCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rule, SUM(findings) FROM run_rules GROUP BY rule ORDER BY SUM(findings) DESC, rule LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RuleCount
	for rows.Next() {
		var rc RuleCount
		if err := rows.Scan(&rc.Rule, &rc.Count); err != nil {
			return nil, err
		}
		out = append(out, rc)
	}
	return out, rows.Err()
}

// BatchPlace is where a call stands in a batch: why it is there and the call after it
// ("" for the last); an error when it is not in the batch.
func (s *Store) BatchPlace(ctx context.Context, batch, callID string) (reason, next string, err error) {
	var batchID string
	var seq int
	err = s.db.QueryRowContext(ctx, `SELECT bc.batch_id, bc.seq, bc.reason FROM batch_calls bc JOIN batches b ON b.id = bc.batch_id
		WHERE b.name = $1 AND bc.call_id = $2`, batch, callID).Scan(&batchID, &seq, &reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", msg.Errorf("store.call-not-review-batch", callID, batch)
	}
	if err != nil {
		return "", "", err
	}
	err = s.db.QueryRowContext(ctx, `SELECT call_id FROM batch_calls WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT 1`, batchID, seq).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return reason, next, err
}

// BatchOf is the name of the first batch that holds the call ("" for none).
func (s *Store) BatchOf(ctx context.Context, callID string) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT b.name FROM batch_calls bc JOIN batches b ON b.id = bc.batch_id
		WHERE bc.call_id = $1 ORDER BY b.created_at, b.name LIMIT 1`, callID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}
