package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

// Call is a stored call: the report entry it was recorded from, with its ids.
type Call struct {
	ID, RunID string
	Seq       int
	Agent     string
	// Version changes with every save of a review of the call (SaveReviewsOf).
	Version int
	report.Call
	// Findings shadow the entry's: each with its id.
	Findings []Finding
}

// Finding is a stored finding.
type Finding struct {
	ID, Fingerprint string
	report.Finding
}

const callColumns = `id, run_id, seq, agent, version, path, metadata, transcript, score, passed, fatal, error, bonuses`

func scanCall(rows interface{ Scan(...any) error }) (Call, error) {
	var c Call
	var meta, utts, bonuses string
	var score sql.NullFloat64
	var passed, fatal int
	if err := rows.Scan(&c.ID, &c.RunID, &c.Seq, &c.Agent, &c.Version, &c.Path, &meta, &utts, &score, &passed, &fatal, &c.Error, &bonuses); err != nil {
		return c, err
	}
	json.Unmarshal([]byte(meta), &c.Metadata)
	json.Unmarshal([]byte(utts), &c.Transcript)
	json.Unmarshal([]byte(bonuses), &c.Bonuses)
	if score.Valid {
		v := score.Float64
		c.Score = &v
	}
	c.Passed, c.Fatal = passed == 1, fatal == 1
	return c, nil
}

// Calls returns the calls of a run in input order, with their findings.
func (s *Store) Calls(ctx context.Context, runID string) ([]Call, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+callColumns+` FROM calls WHERE run_id = $1 ORDER BY seq`, runID)
	if err != nil {
		return nil, err
	}
	var out []Call
	index := map[string]int{}
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	frows, err := s.db.QueryContext(ctx, `SELECT f.id, f.call_id, f.rule, f.severity, f.message, f.deduct, f.fatal, f.line, f.turn, f.role, f.text, f.matched, f.shown, f.fingerprint
		FROM findings f JOIN calls c ON c.id = f.call_id WHERE c.run_id = $1 ORDER BY c.seq, f.seq`, runID)
	if err != nil {
		return nil, err
	}
	defer frows.Close()
	for frows.Next() {
		f, callID, err := scanFinding(frows)
		if err != nil {
			return nil, err
		}
		if i, ok := index[callID]; ok {
			out[i].Findings = append(out[i].Findings, f)
		}
	}
	return out, frows.Err()
}

const findingColumns = `id, call_id, rule, severity, message, deduct, fatal, line, turn, role, text, matched, shown, fingerprint`

func scanFinding(rows interface{ Scan(...any) error }) (Finding, string, error) {
	var f Finding
	var callID string
	var fatal int
	err := rows.Scan(&f.ID, &callID, &f.Rule, &f.Severity, &f.Message, &f.Deduct, &fatal, &f.Line, &f.Turn, &f.Role, &f.Text, &f.Match, &f.Shown, &f.Fingerprint)
	f.Fatal = fatal == 1
	return f, callID, err
}
