package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// RunSpec names a run. A run is the rulebook, the inputs named and a label (by default
// the day, so a nightly batch is one run a day): recording the same run again replaces
// its calls and findings — the store ends as after one recording — while the findings
// that stay keep their ids, so their reviews stay attached.
type RunSpec struct {
	Rulebook report.Rulebook
	Inputs   []string
	Label    string
}

// ID is the run's id: the same for the same rulebook, inputs and label.
func (r RunSpec) ID() string {
	inputs := append([]string(nil), r.Inputs...)
	sort.Strings(inputs)
	return digest(append([]string{r.Rulebook.Name, r.Rulebook.Version, r.Label}, inputs...)...)
}

func digest(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

// recordEvery is how many calls one transaction records: few enough that nothing large
// is held (a transaction of 1024 calls is a few MB of WAL), many enough that a commit's
// cost is shared.
const recordEvery = 1024

// Recorder records a run's calls as a check emits them (a report.Writer): nothing is
// held but the open transaction. Close ends the run: it counts the calls, removes what
// an earlier recording of the run had and this one has not, and commits.
type Recorder struct {
	s      *Store
	ctx    context.Context
	run    string
	token  string
	agent  report.AgentFunc
	tx     *sql.Tx
	stmts  [2]*sql.Stmt // the transaction's prepared call and finding inserts
	inTx   int
	seq    int
	counts map[string]int // per path: the entries of a file seen so far
	err    error
}

// Record starts recording the run spec. agentOf names a call's agent (nil: the agent_id
// metadata).
func (s *Store) Record(ctx context.Context, spec RunSpec, agentOf report.AgentFunc) (*Recorder, error) {
	if agentOf == nil {
		agentOf = report.MetadataAgent("")
	}
	inputs, _ := json.Marshal(spec.Inputs)
	r := &Recorder{s: s, ctx: ctx, run: spec.ID(), token: newToken(), agent: agentOf, counts: map[string]int{}}
	_, err := s.db.ExecContext(ctx, `INSERT INTO runs (id, rulebook, rulebook_version, label, inputs, started_at, recording)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, finished_at = '', recording = excluded.recording`,
		r.run, spec.Rulebook.Name, spec.Rulebook.Version, spec.Label, string(inputs), stamp(s.now()), r.token)
	if err != nil {
		return nil, msg.Errorf("store.cannot-record-run", s.DSN, err)
	}
	return r, nil
}

// RunID is the id of the run being recorded.
func (r *Recorder) RunID() string { return r.run }

func newToken() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Add records one call and its findings.
func (r *Recorder) Add(c report.Call) error {
	if r.err != nil {
		return r.err
	}
	if r.tx == nil {
		if r.tx, r.err = r.s.beginWrite(r.ctx); r.err != nil {
			return r.err
		}
		for i, q := range []string{insertCall, insertFinding} {
			if r.stmts[i], r.err = r.tx.PrepareContext(r.ctx, q); r.err != nil {
				return r.err
			}
		}
	}
	r.err = r.add(c)
	if r.err == nil {
		if r.inTx++; r.inTx >= recordEvery {
			r.err = r.commit()
		}
	}
	return r.err
}

func (r *Recorder) add(c report.Call) error {
	n := r.counts[c.Path]
	r.counts[c.Path] = n + 1
	key := c.Metadata["call_id"]
	if key == "" {
		key = "#" + strconv.Itoa(n+1)
	}
	callID := digest(r.run, c.Path, key, strconv.Itoa(n))
	meta, _ := json.Marshal(c.Metadata)
	utts, _ := json.Marshal(c.Transcript)
	bonuses, _ := json.Marshal(c.Bonuses)
	var score any
	if c.Score != nil {
		score = *c.Score
	}
	r.seq++
	_, err := r.stmts[0].ExecContext(r.ctx,
		callID, r.run, r.seq, c.Path, key, r.agent(c), string(meta), string(utts), score,
		boolInt(c.Passed), boolInt(c.Fatal), c.Error, r.token, strings.TrimSpace(c.Metadata["team"]), string(bonuses))
	if err != nil {
		return msg.Errorf("store.cannot-record-call", c.Path, err)
	}
	seen := map[string]int{}
	for i, f := range c.Findings {
		fp := report.FindingFingerprint(c.Path, c.Metadata["call_id"], f)
		seen[fp]++
		id := digest(callID, fp, strconv.Itoa(seen[fp]))
		_, err := r.stmts[1].ExecContext(r.ctx,
			id, callID, i+1, f.Rule, f.Severity, f.Message, f.Deduct, boolInt(f.Fatal), f.Line, f.Turn, f.Role, f.Text, f.Match,
			f.Shown, fp, r.token)
		if err != nil {
			return msg.Errorf("store.cannot-record-finding", c.Path, err)
		}
	}
	return nil
}

// The statements a recording runs for every call, prepared once per transaction.
const (
	insertCall = `INSERT INTO calls (id, run_id, seq, path, call_key, agent, metadata, transcript, score, passed, fatal, error, recording, team, bonuses)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, agent = excluded.agent, team = excluded.team, metadata = excluded.metadata, bonuses = excluded.bonuses,
			transcript = excluded.transcript, score = excluded.score, passed = excluded.passed, fatal = excluded.fatal,
			error = excluded.error, recording = excluded.recording`
	insertFinding = `INSERT INTO findings (id, call_id, seq, rule, severity, message, deduct, fatal, line, turn, role, text, matched, shown, fingerprint, recording)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, severity = excluded.severity, message = excluded.message,
			deduct = excluded.deduct, fatal = excluded.fatal, line = excluded.line, turn = excluded.turn, role = excluded.role,
			shown = excluded.shown, recording = excluded.recording`
)

func (r *Recorder) commit() error {
	if r.tx == nil {
		return nil
	}
	for _, st := range r.stmts {
		st.Close()
	}
	err := r.tx.Commit()
	r.tx, r.inTx = nil, 0
	return err
}

// Close ends the run with the batch summary.
func (r *Recorder) Close(s report.Summary) error {
	if r.err != nil {
		r.Discard()
		return r.err
	}
	if err := r.commit(); err != nil {
		return err
	}
	ctx := r.ctx
	tx, err := r.s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Calls an earlier recording of this run had and this one has not, and findings of
	// the calls it has that it no longer finds.
	if _, err := tx.ExecContext(ctx, `DELETE FROM calls WHERE run_id = $1 AND recording <> $2`, r.run, r.token); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM findings WHERE recording <> $1 AND call_id IN (SELECT id FROM calls WHERE run_id = $2)`, r.token, r.run); err != nil {
		return err
	}
	// The run's summaries for the dashboard.
	for _, q := range []string{
		`DELETE FROM run_agents WHERE run_id = $1`,
		`INSERT INTO run_agents (run_id, agent, calls, passed, score_sum)
			SELECT run_id, agent, COUNT(*), SUM(passed), SUM(COALESCE(score, 0)) FROM calls WHERE run_id = $1 AND error = '' GROUP BY run_id, agent`,
		`DELETE FROM run_teams WHERE run_id = $1`,
		`INSERT INTO run_teams (run_id, team, calls, passed, score_sum)
			SELECT run_id, team, COUNT(*), SUM(passed), SUM(COALESCE(score, 0)) FROM calls WHERE run_id = $1 AND error = '' GROUP BY run_id, team`,
		`DELETE FROM run_rules WHERE run_id = $1`,
		`INSERT INTO run_rules (run_id, rule, findings)
			SELECT c.run_id, f.rule, COUNT(*) FROM findings f JOIN calls c ON c.id = f.call_id WHERE c.run_id = $1 GROUP BY c.run_id, f.rule`,
	} {
		if _, err := tx.ExecContext(ctx, q, r.run); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = $1, calls = $2, passed = $3, failed = $4, errors = $5 WHERE id = $6`,
		stamp(r.s.now()), r.seq, s.Passed, s.Failed, s.Errors, r.run); err != nil {
		return err
	}
	return tx.Commit()
}

// Discard stops recording: the calls committed so far stay, and the run is left
// unfinished (its finished_at empty), so a reader knows it is incomplete.
func (r *Recorder) Discard() error {
	if r.tx != nil {
		r.tx.Rollback()
		r.tx = nil
	}
	return nil
}

var _ report.Writer = (*Recorder)(nil)

// Run is a recorded run.
type Run struct {
	ID, Rulebook, RulebookVersion, Label string
	Inputs                               []string
	Started, Finished                    time.Time
	Calls, Passed, Failed, Errors        int
}

// Runs lists the recorded runs, newest first.
func (s *Store) Runs(ctx context.Context) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, rulebook, rulebook_version, label, inputs, started_at, finished_at, calls, passed, failed, errors
		FROM runs ORDER BY started_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var inputs, started, finished string
		if err := rows.Scan(&r.ID, &r.Rulebook, &r.RulebookVersion, &r.Label, &inputs, &started, &finished, &r.Calls, &r.Passed, &r.Failed, &r.Errors); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(inputs), &r.Inputs)
		r.Started, _ = time.Parse(time.RFC3339Nano, started)
		r.Finished, _ = time.Parse(time.RFC3339Nano, finished)
		out = append(out, r)
	}
	return out, rows.Err()
}
