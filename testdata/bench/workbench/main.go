// Command workbench measures the review workbench's pages on a large store: it records a
// corpus once with zhijian's pipeline, copies that run until the store holds -calls
// calls (the copies without transcripts, which no list page reads), draws a batch, and
// times the queue, a batch, a call page and the dashboard: the median of -rounds requests.
//
//	go run ./testdata/bench/workbench -calls 1000000 [-store postgres://…] [-corpus DIR]
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/serve"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

func main() {
	calls := flag.Int("calls", 1000000, "calls the store holds")
	dsn := flag.String("store", "", "the store (default: a SQLite file in a temporary directory)")
	corpus := flag.String("corpus", "", "a directory of transcripts (default: testdata/calls)")
	rounds := flag.Int("rounds", 7, "requests per page")
	percent := flag.Float64("percent", 5, "the share of the seeded run the review batch draws")
	flag.Parse()
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "zhijian-workbench-")
	defer os.RemoveAll(dir)
	if *dsn == "" {
		*dsn = filepath.Join(dir, "qa.db")
	}
	if *corpus == "" {
		*corpus = "testdata/calls"
	}
	st, err := store.Open(ctx, *dsn)
	check(err)
	defer st.Close()
	c, err := pipeline.New(pipeline.Config{})
	check(err)
	c.KeepTranscripts = true
	rec, err := st.Record(ctx, store.RunSpec{Rulebook: c.RulebookID(), Inputs: []string{*corpus}, Label: "seed"}, nil)
	check(err)
	inputs, problems := source.Expand([]string{*corpus}, source.Options{})
	sum, err := c.Stream(inputs, problems, func(f report.Call) error { return rec.Add(f) })
	check(err)
	check(rec.Close(sum))
	seed := rec.RunID()

	// Copies of the run, a week apart, until the store holds enough calls.
	db := openRaw(*dsn)
	defer db.Close()
	start := time.Now()
	n := sum.Files
	for copyN := 1; n < *calls; copyN++ {
		suffix := fmt.Sprintf("-%d", copyN)
		at := time.Now().UTC().AddDate(0, 0, -7*copyN).Format(time.RFC3339Nano)
		stmts := []string{
			`INSERT INTO runs (id, rulebook, rulebook_version, label, inputs, started_at, finished_at, recording, calls, passed, failed, errors)
				SELECT id || $1, rulebook, rulebook_version, label || $1, inputs, $3, $3, recording, calls, passed, failed, errors FROM runs WHERE id = $2`,
			`INSERT INTO calls (id, run_id, seq, path, call_key, agent, metadata, transcript, score, passed, fatal, error, recording, version)
				SELECT id || $1, run_id || $1, seq, path, call_key, agent, metadata, '[]', score, passed, fatal, error, recording, version FROM calls WHERE run_id = $2`,
			`INSERT INTO findings (id, call_id, seq, rule, severity, message, deduct, fatal, line, turn, role, text, matched, shown, fingerprint, recording)
				SELECT f.id || $1, f.call_id || $1, f.seq, f.rule, f.severity, f.message, f.deduct, f.fatal, f.line, f.turn, f.role, f.text, f.matched, f.shown, f.fingerprint, f.recording
				FROM findings f JOIN calls c ON c.id = f.call_id WHERE c.run_id = $2`,
			`INSERT INTO run_agents SELECT run_id || $1, agent, calls, passed, score_sum FROM run_agents WHERE run_id = $2`,
			`INSERT INTO run_rules SELECT run_id || $1, rule, findings FROM run_rules WHERE run_id = $2`,
			`INSERT INTO run_teams SELECT run_id || $1, team, calls, passed, score_sum FROM run_teams WHERE run_id = $2`,
		}
		tx, err := db.Begin()
		check(err)
		for _, q := range stmts {
			args := []any{suffix, seed}
			if strings.Contains(q, "$3") {
				args = append(args, at)
			}
			_, err := tx.Exec(q, args...)
			check(err)
		}
		check(tx.Commit())
		n += sum.Files
	}
	log.Printf("store of %d calls filled in %s", n, time.Since(start).Round(time.Second))
	_, err = st.Sample(ctx, store.SampleSpec{Run: seed, Name: "bench", Percent: *percent})
	check(err)
	_, bcalls, err := st.BatchCalls(ctx, "bench")
	check(err)

	srv, err := serve.New(serve.Options{Store: st, Rulebook: c.Rulebook, Reviewer: "bench"})
	check(err)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	for _, page := range []string{"/", "/batch/bench", "/batch/bench/call/" + bcalls[0].ID, "/dashboard", "/appeals"} {
		var times []time.Duration
		for i := 0; i < *rounds; i++ {
			t0 := time.Now()
			resp, err := http.Get(hs.URL + page)
			check(err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				log.Fatalf("%s: %s", page, resp.Status)
			}
			times = append(times, time.Since(t0))
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		name := page
		if len(name) > 30 {
			name = name[:30] + "…"
		}
		fmt.Printf("%-32s median %6.1f ms  (of %d)\n", name, float64(times[len(times)/2].Microseconds())/1000, *rounds)
	}
}

func openRaw(dsn string) *sql.DB {
	var db *sql.DB
	var err error
	if strings.HasPrefix(dsn, "postgres") {
		db, err = sql.Open("pgx", dsn)
	} else {
		db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	}
	check(err)
	return db
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
