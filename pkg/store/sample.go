package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SampleSpec says which calls of a run a review batch takes. Every call with a fatal
// (red-line) finding is always taken; of the others, those the filters keep are drawn
// per agent — PerAgent of them, or Percent of them (at least one per agent that has
// any) — in an order fixed by Seed, so the same spec on the same run draws the same
// calls on SQLite and PostgreSQL alike.
type SampleSpec struct {
	Run  string // "" for the latest run
	Name string // the batch's name, unique in the store
	Seed int64
	// PerAgent or Percent (one of them; Percent 5 when neither).
	PerAgent int
	Percent  float64
	// ScoreMin and ScoreMax keep calls scoring in [ScoreMin, ScoreMax]; both 0 for all.
	ScoreMin, ScoreMax float64
	// Rule keeps calls with a finding of this rule; "" for all.
	Rule string
}

// Reasons a call is in a batch.
const (
	ReasonFatal   = "红线 / fatal"
	ReasonSampled = "抽样 / sampled"
)

// Batch is a review batch.
type Batch struct {
	ID, Name, RunID string
	Seed            int64
	Calls           []BatchCall
}

// BatchCall is a call of a batch and why it is there.
type BatchCall struct {
	CallID, Reason string
}

// MaxBatchName is the most characters a review batch's name may have.
const MaxBatchName = 128

// ErrBatchExists is returned when a batch of the name is already stored.
var ErrBatchExists = msg.Errorf("store.review-batch-that-name-exists")

// Sample draws a review batch from a run and stores it.
func (s *Store) Sample(ctx context.Context, spec SampleSpec) (*Batch, error) {
	if spec.Name == "" {
		return nil, msg.Errorf("store.review-batch-needs-name")
	}
	// The name is written into every row of the review workbook and read back from it: a
	// cell holds at most 32,767 characters (a longer name came back cut, and the filled
	// workbook could never be imported), and a workbook is UTF-8 (an invalid byte came
	// back as U+FFFD, another name).
	if !utf8.ValidString(spec.Name) {
		return nil, msg.Errorf("store.batch-name-not-utf8", spec.Name)
	}
	if n := utf8.RuneCountInString(spec.Name); n > MaxBatchName {
		return nil, msg.Errorf("store.batch-name-too-long", MaxBatchName, n)
	}
	if spec.Name == "." || spec.Name == ".." {
		// A browser resolves /batch/.. (escaped or not) before it asks: no link reaches it.
		return nil, msg.Errorf("store.batch-name-dots", spec.Name)
	}
	run := spec.Run
	if run == "" {
		runs, err := s.Runs(ctx)
		if err != nil {
			return nil, err
		}
		if len(runs) == 0 {
			return nil, msg.Errorf("store.no-run-record-one-with", s.DSN)
		}
		run = runs[0].ID
	}
	if spec.PerAgent == 0 && spec.Percent == 0 {
		spec.Percent = 5
	}
	type cand struct {
		id, agent string
		score     sql.NullFloat64
		fatal     bool
		rules     map[string]bool
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.agent, c.score, c.fatal, COALESCE(f.rule, '')
		FROM calls c LEFT JOIN findings f ON f.call_id = c.id
		WHERE c.run_id = $1 AND c.error = '' ORDER BY c.seq, f.seq`, run)
	if err != nil {
		return nil, err
	}
	var cands []*cand
	byID := map[string]*cand{}
	for rows.Next() {
		var id, agent, rule string
		var score sql.NullFloat64
		var fatal int
		if err := rows.Scan(&id, &agent, &score, &fatal, &rule); err != nil {
			rows.Close()
			return nil, err
		}
		c := byID[id]
		if c == nil {
			c = &cand{id: id, agent: agent, score: score, fatal: fatal == 1, rules: map[string]bool{}}
			byID[id] = c
			cands = append(cands, c)
		}
		if rule != "" {
			c.rules[rule] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, msg.Errorf("store.run-has-no-call-review", run)
	}
	if spec.Rule != "" {
		// A rule no call of the run has a finding of (a typo, another rulebook's id)
		// drew a batch of the red-line calls alone, without a word.
		fired := map[string]bool{}
		for _, c := range cands {
			maps.Copy(fired, c.rules)
		}
		if !fired[spec.Rule] {
			names := slices.Sorted(maps.Keys(fired))
			if len(names) > 10 {
				names = append(names[:10], "…")
			}
			return nil, msg.Errorf("store.rule-has-no-findings-in-run", spec.Rule, run, strings.Join(names, ", "))
		}
	}
	b := &Batch{ID: digest("batch", spec.Name), Name: spec.Name, RunID: run, Seed: spec.Seed}
	perAgent := map[string][]*cand{}
	var agents []string
	for _, c := range cands {
		if c.fatal {
			b.Calls = append(b.Calls, BatchCall{c.id, ReasonFatal})
			continue
		}
		if spec.Rule != "" && !c.rules[spec.Rule] {
			continue
		}
		if (spec.ScoreMin != 0 || spec.ScoreMax != 0) && (!c.score.Valid || c.score.Float64 < spec.ScoreMin || c.score.Float64 > spec.ScoreMax) {
			continue
		}
		if _, ok := perAgent[c.agent]; !ok {
			agents = append(agents, c.agent)
		}
		perAgent[c.agent] = append(perAgent[c.agent], c)
	}
	sort.Strings(agents)
	seed := strconv.FormatInt(spec.Seed, 10)
	for _, a := range agents {
		pool := perAgent[a]
		// The draw: the calls ordered by a hash of the seed and their id.
		sort.Slice(pool, func(i, j int) bool { return digest(seed, pool[i].id) < digest(seed, pool[j].id) })
		n := spec.PerAgent
		if n == 0 {
			n = max(1, int(math.Ceil(float64(len(pool))*spec.Percent/100)))
		}
		for _, c := range pool[:min(n, len(pool))] {
			b.Calls = append(b.Calls, BatchCall{c.id, ReasonSampled})
		}
	}
	specJSON, _ := json.Marshal(spec)
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM batches WHERE name = $1`, spec.Name).Scan(&exists); err != nil {
		return nil, err
	}
	if exists > 0 {
		return nil, fmt.Errorf("%w: %s", ErrBatchExists, spec.Name)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO batches (id, name, run_id, seed, spec, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		b.ID, b.Name, run, spec.Seed, string(specJSON), stamp(s.now())); err != nil {
		return nil, err
	}
	for i, c := range b.Calls {
		if _, err := tx.ExecContext(ctx, `INSERT INTO batch_calls (batch_id, call_id, seq, reason) VALUES ($1, $2, $3, $4)`, b.ID, c.CallID, i+1, c.Reason); err != nil {
			return nil, err
		}
	}
	if err := s.audit(ctx, tx, "zhijian sample", "sample", "batch:"+b.ID, fmt.Sprintf("%s: %d calls of run %s", b.Name, len(b.Calls), run)); err != nil {
		return nil, err
	}
	return b, tx.Commit()
}

// BatchCalls returns the calls of a batch, in batch order, with their findings: only
// those, however large the run they were drawn from.
func (s *Store) BatchCalls(ctx context.Context, name string) (*Batch, []Call, error) {
	b, calls, _, err := s.BatchPage(ctx, name, 0, -1)
	return b, calls, err
}

// BatchPage is BatchCalls for the calls from offset, at most limit of them (all for a
// negative limit), and the number of calls in the batch; b.Calls are the page's.
func (s *Store) BatchPage(ctx context.Context, name string, offset, limit int) (b *Batch, calls []Call, total int, err error) {
	b, calls, err = s.batchPage(ctx, name, offset, limit)
	if err == nil {
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_calls WHERE batch_id = $1`, b.ID).Scan(&total)
	}
	return b, calls, total, err
}

func (s *Store) batchPage(ctx context.Context, name string, offset, limit int) (*Batch, []Call, error) {
	if limit < 0 {
		limit = math.MaxInt32
	}
	b := &Batch{Name: name}
	err := s.db.QueryRowContext(ctx, `SELECT id, run_id, seed FROM batches WHERE name = $1`, name).Scan(&b.ID, &b.RunID, &b.Seed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, msg.Errorf("store.no-review-batch", name)
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT bc.reason, `+prefixed("c.", callColumns)+`
		FROM batch_calls bc JOIN calls c ON c.id = bc.call_id WHERE bc.batch_id = $1 ORDER BY bc.seq LIMIT $2 OFFSET $3`, b.ID, limit, offset)
	if err != nil {
		return nil, nil, err
	}
	var out []Call
	index := map[string]int{}
	for rows.Next() {
		var reason string
		c, err := scanCall(prefixScanner{rows, &reason})
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		b.Calls = append(b.Calls, BatchCall{CallID: c.ID, Reason: reason})
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// IN, not a join: SQLite would otherwise scan every finding of the store and look
	// each up in the batch.
	frows, err := s.db.QueryContext(ctx, `SELECT `+findingColumns+` FROM findings
		WHERE call_id IN (SELECT call_id FROM batch_calls WHERE batch_id = $1 ORDER BY seq LIMIT $2 OFFSET $3) ORDER BY call_id, seq`, b.ID, limit, offset)
	if err != nil {
		return nil, nil, err
	}
	defer frows.Close()
	for frows.Next() {
		f, callID, err := scanFinding(frows)
		if err != nil {
			return nil, nil, err
		}
		if i, ok := index[callID]; ok {
			out[i].Findings = append(out[i].Findings, f)
		}
	}
	return b, out, frows.Err()
}

// prefixed qualifies each of a list of columns with a table's alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ", ")
	for i, p := range parts {
		parts[i] = alias + p
	}
	return strings.Join(parts, ", ")
}

// prefixScanner scans a leading column into first, the rest as the scanner wants.
type prefixScanner struct {
	rows  *sql.Rows
	first *string
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append([]any{p.first}, dest...)...)
}

// audit writes one line of the audit log inside tx.
// DropBatch removes a batch nobody has reviewed yet, so its name can be drawn again: the
// batch whose workbook could not be written (the disk full, the write interrupted).
func (s *Store) DropBatch(ctx context.Context, name string) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id := digest("batch", name)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE batch_id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return msg.Errorf("store.batch-has-reviews", name, n)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM batch_calls WHERE batch_id = $1`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM batches WHERE id = $1`, id); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, "zhijian sample", "drop", "batch:"+id, name+": its workbook could not be written"); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, actor, action, subject, detail string) error {
	at := stamp(s.now())
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (id, at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
		at+"-"+newToken(), at, actor, action, subject, detail)
	return err
}

// AuditEntry is a line of the audit log.
type AuditEntry struct {
	At, Actor, Action, Subject, Detail string
}

// Audit lists the audit log of a subject ("" for all), oldest first.
func (s *Store) Audit(ctx context.Context, subject string) ([]AuditEntry, error) {
	q := `SELECT at, actor, action, subject, detail FROM audit`
	var args []any
	if subject != "" {
		q += ` WHERE subject = $1`
		args = append(args, subject)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
