package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// The one store test suite: every test runs on SQLite and, when ZHIJIAN_TEST_POSTGRES
// names a server (postgres://…; .ci/run starts one), on PostgreSQL, each in a schema of
// its own. ZHIJIAN_REQUIRE_POSTGRES=1 (set by .ci/run) makes a missing server a failure.

// backends opens a fresh, empty store per backend.
func backends(t *testing.T) map[string]func(t *testing.T) *store.Store {
	out := map[string]func(t *testing.T) *store.Store{
		"sqlite": func(t *testing.T) *store.Store {
			return open(t, filepath.Join(t.TempDir(), "qa.db"))
		},
	}
	dsn := os.Getenv("ZHIJIAN_TEST_POSTGRES")
	switch {
	case dsn != "":
		out["postgres"] = func(t *testing.T) *store.Store { return open(t, freshSchema(t, dsn)) }
	case os.Getenv("ZHIJIAN_REQUIRE_POSTGRES") == "1":
		t.Fatal("ZHIJIAN_REQUIRE_POSTGRES=1 but ZHIJIAN_TEST_POSTGRES names no server")
	default:
		t.Log("ZHIJIAN_TEST_POSTGRES not set: PostgreSQL not tested here (.ci/run tests it)")
	}
	return out
}

func open(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// freshSchema creates a schema of its own for t on the server and returns a DSN that
// uses it.
func freshSchema(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("t%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", dsn); err == nil {
			db.Exec("DROP SCHEMA " + name + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + name
}

// checked checks paths with the default rulebook, as zhijian check --store does.
func checked(t *testing.T, paths ...string) ([]report.Call, report.Summary) {
	t.Helper()
	c, err := pipeline.New(pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c.KeepTranscripts = true
	inputs, problems := source.Expand(paths, source.Options{})
	var calls []report.Call
	sum, err := c.Stream(inputs, problems, func(f report.Call) error {
		calls = append(calls, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, sum
}

func record(t *testing.T, s *store.Store, spec store.RunSpec, calls []report.Call, sum report.Summary) string {
	t.Helper()
	r, err := s.Record(context.Background(), spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if err := r.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(sum); err != nil {
		t.Fatal(err)
	}
	return r.RunID()
}

func TestRecordRun(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	// A bonus item earned is kept, so a rescore after review still counts it.
	calls[0].Bonuses = []report.Bonus{{Rule: "praise", Message: "加分", Points: 5, Line: 3, Role: "agent", Text: "感谢您的耐心"}}
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			spec := store.RunSpec{Rulebook: report.Rulebook{Name: "default", Version: "2.0.0"}, Inputs: []string{"testdata/calls"}, Label: "2026-12-05"}
			id := record(t, s, spec, calls, sum)
			runs, err := s.Runs(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 || runs[0].ID != id || runs[0].Calls != len(calls) || runs[0].Passed != sum.Passed || runs[0].Failed != sum.Failed || runs[0].Finished.IsZero() {
				t.Fatalf("runs = %+v, want one finished run of %d calls (%d passed, %d failed)", runs, len(calls), sum.Passed, sum.Failed)
			}
			stored, err := s.Calls(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if len(stored) != len(calls) {
				t.Fatalf("%d calls stored, want %d", len(stored), len(calls))
			}
			if fmt.Sprint(stored[0].Bonuses) != fmt.Sprint(calls[0].Bonuses) || len(stored[1].Bonuses) != 0 {
				t.Errorf("bonuses stored: %+v, %+v; want %+v and none", stored[0].Bonuses, stored[1].Bonuses, calls[0].Bonuses)
			}
			for i, c := range stored {
				want := calls[i]
				if c.Path != want.Path || len(c.Findings) != len(want.Findings) || c.Passed != want.Passed || len(c.Transcript) != len(want.Transcript) {
					t.Errorf("call %d: %s with %d findings, %d utterances, passed %v; want %s, %d, %d, %v",
						i, c.Path, len(c.Findings), len(c.Transcript), c.Passed, want.Path, len(want.Findings), len(want.Transcript), want.Passed)
				}
				if want.Score != nil && (c.Score == nil || *c.Score != *want.Score) {
					t.Errorf("call %d: score %v, want %v", i, c.Score, *want.Score)
				}
			}
		})
	}
}

// Recording the same run again leaves the store as one recording does: the same calls
// and finding ids (reviews stay attached); what the inputs no longer hold goes.
func TestRecordAgainIsIdempotent(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			spec := store.RunSpec{Rulebook: report.Rulebook{Name: "default", Version: "2.0.0"}, Inputs: []string{"testdata/calls"}, Label: "day"}
			id := record(t, s, spec, calls, sum)
			first, _ := s.Calls(ctx, id)
			if again := record(t, s, spec, calls, sum); again != id {
				t.Fatalf("run id %s, then %s", id, again)
			}
			second, _ := s.Calls(ctx, id)
			if fmt.Sprint(ids(first)) != fmt.Sprint(ids(second)) {
				t.Errorf("finding ids changed on re-recording:\n%v\n%v", ids(first), ids(second))
			}
			runs, _ := s.Runs(ctx)
			if len(runs) != 1 {
				t.Errorf("%d runs after recording one twice", len(runs))
			}
			// One input fewer: its call goes.
			if _, err := record(t, s, spec, calls[1:], sum), error(nil); err != nil {
				t.Fatal(err)
			}
			third, _ := s.Calls(ctx, id)
			if len(third) != len(calls)-1 || third[0].Path != calls[1].Path {
				t.Errorf("after recording without %s: %d calls, first %s", calls[0].Path, len(third), third[0].Path)
			}
			// Another label is another run.
			spec.Label = "next day"
			if other := record(t, s, spec, calls, sum); other == id {
				t.Error("another label gave the same run")
			}
		})
	}
}

func ids(calls []store.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.ID)
		for _, f := range c.Findings {
			out = append(out, f.ID)
		}
	}
	return out
}

// A store written by a newer zhijian is refused, not written wrongly; opening a store
// again changes nothing.
func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "qa.db")
	s := open(t, path)
	s.Close()
	s = open(t, path) // again: nothing to do
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_version (version, applied_at) VALUES ($1, 'later')`, store.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer than this zhijian") {
		t.Errorf("a newer store opened: %v", err)
	}
}

// A batch takes every red-line call and a seeded draw of the others per agent; the same
// seed draws the same calls. Reviews replace the same reviewer's earlier decision, are
// refused for a call outside the batch, and each change is in the audit log.
func TestSampleAndReview(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	// Two agents, so a draw per agent has something to choose from.
	for i := range calls {
		calls[i].Metadata = map[string]string{"agent_id": []string{"1001", "1002"}[i%2]}
	}
	fatal := 0
	for _, c := range calls {
		if c.Fatal {
			fatal++
		}
	}
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			id := record(t, s, store.RunSpec{Rulebook: report.Rulebook{Name: "default", Version: "2"}, Inputs: []string{"calls"}}, calls, sum)
			a, err := s.Sample(ctx, store.SampleSpec{Run: id, Name: "a", Seed: 7, PerAgent: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range a.Calls {
				got[c.Reason]++
			}
			if got[store.ReasonFatal] != fatal || got[store.ReasonSampled] != 2 {
				t.Errorf("batch a: %v, want %d fatal and 2 sampled (one per agent)", got, fatal)
			}
			if _, err := s.Sample(ctx, store.SampleSpec{Run: id, Name: "a", Seed: 7}); !errors.Is(err, store.ErrBatchExists) {
				t.Errorf("a second batch a: %v", err)
			}
			b, _ := s.Sample(ctx, store.SampleSpec{Run: id, Name: "b", Seed: 7, PerAgent: 1})
			if fmt.Sprint(a.Calls) != fmt.Sprint(b.Calls) {
				t.Errorf("the same seed drew %v, then %v", a.Calls, b.Calls)
			}

			batch, bc, err := s.BatchCalls(ctx, "a")
			if err != nil || len(bc) != len(batch.Calls) {
				t.Fatalf("BatchCalls: %d calls, %v", len(bc), err)
			}
			withFinding := firstWithFindings(t, bc)
			f := withFinding.Findings[0]
			rv := store.Review{Batch: "a", CallID: withFinding.ID, Finding: f.ID, Decision: store.Reject, Comment: "引述，不是禁语", Reviewer: "王敏"}
			missed := store.Review{Batch: "a", CallID: withFinding.ID, Decision: store.Missed, Concept: "rude-attitude", Line: 3, Reviewer: "王敏"}
			if n, err := s.SaveReviews(ctx, []store.Review{rv, missed}); err != nil || n != 2 {
				t.Fatalf("SaveReviews = %d, %v", n, err)
			}
			if n, _ := s.SaveReviews(ctx, []store.Review{rv, missed}); n != 0 {
				t.Errorf("the same reviews again changed %d", n)
			}
			rv.Decision = store.Confirm
			if n, _ := s.SaveReviews(ctx, []store.Review{rv}); n != 1 {
				t.Errorf("a changed decision changed %d", n)
			}
			reviews, _ := s.Reviews(ctx, "a")
			if len(reviews) != 2 {
				t.Errorf("%d reviews, want 2 (the decision replaced): %+v", len(reviews), reviews)
			}
			outside := rv
			outside.Batch = "nonexistent"
			if _, err := s.SaveReviews(ctx, []store.Review{outside}); err == nil {
				t.Error("a review of a call outside its batch was saved")
			}
			log, _ := s.Audit(ctx, "finding:"+f.ID)
			if len(log) != 2 || log[0].Actor != "王敏" || log[1].Detail != "confirm: 引述，不是禁语" {
				t.Errorf("audit of the finding: %+v", log)
			}
		})
	}
}

// An appeal is filed once per finding at a time, decided once, and an overturned
// finding is rejected in the call's reviews.
func TestAppeals(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			id := record(t, s, store.RunSpec{Rulebook: report.Rulebook{Name: "default"}, Inputs: []string{"calls"}}, calls, sum)
			stored, _ := s.Calls(ctx, id)
			c := firstWithFindings(t, stored)
			f := c.Findings[0]
			aid, err := s.FileAppeal(ctx, store.Appeal{CallID: c.ID, Finding: f.ID, Agent: "1024", Reason: "客户先挂断"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.FileAppeal(ctx, store.Appeal{CallID: c.ID, Finding: f.ID, Agent: "1024", Reason: "again"}); err == nil {
				t.Error("a second open appeal of one finding was filed")
			}
			if _, err := s.FileAppeal(ctx, store.Appeal{CallID: c.ID, Finding: "nope", Agent: "1024", Reason: "x"}); err == nil {
				t.Error("an appeal of a finding the call does not have was filed")
			}
			if err := s.DecideAppeal(ctx, aid, "主管", true, "录音为证"); err != nil {
				t.Fatal(err)
			}
			if err := s.DecideAppeal(ctx, aid, "主管", false, ""); err == nil {
				t.Error("an appeal was decided twice")
			}
			rs, _ := s.CallReviews(ctx, c.ID)
			if len(rs) != 1 || rs[0].Decision != store.Reject || rs[0].Finding != f.ID || rs[0].Reviewer != "主管" {
				t.Errorf("the call's reviews after the appeal: %+v", rs)
			}
		})
	}
}

// The dashboard's summaries agree with the calls and findings they summarise, and follow
// a re-recording.
func TestDashboardSummaries(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	findings := map[string]int{}
	scored := 0
	for i := range calls {
		calls[i].Metadata = map[string]string{"agent_id": "1001", "team": []string{"一组", "二组"}[i%2]}
	}
	for _, c := range calls {
		if c.Error == "" {
			scored++
		}
		for _, f := range c.Findings {
			findings[f.Rule]++
		}
	}
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			spec := store.RunSpec{Rulebook: report.Rulebook{Name: "default"}, Inputs: []string{"calls"}}
			record(t, s, spec, calls, sum)
			record(t, s, spec, calls, sum) // again: the summaries are replaced, not added to
			weeks, err := s.AgentWeeks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, w := range weeks {
				total += w.Calls
			}
			if total != scored {
				t.Errorf("agent weeks count %d calls, want %d", total, scored)
			}
			teams, err := s.TeamWeeks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			total = 0
			for _, w := range teams {
				total += w.Calls
			}
			if len(teams) != 2 || total != scored {
				t.Errorf("team weeks %+v, want two teams of %d calls", teams, scored)
			}
			top, err := s.TopRules(ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, rc := range top {
				if findings[rc.Rule] != rc.Count {
					t.Errorf("rule %s: %d findings summarised, %d recorded", rc.Rule, rc.Count, findings[rc.Rule])
				}
			}
			if len(top) != len(findings) {
				t.Errorf("%d rules summarised, %d fired", len(top), len(findings))
			}
		})
	}
}

// A batch is read a page at a time, in batch order, with its size.
func TestBatchPages(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			id := record(t, s, store.RunSpec{Rulebook: report.Rulebook{Name: "default"}, Inputs: []string{"calls"}}, calls, sum)
			if _, err := s.Sample(ctx, store.SampleSpec{Run: id, Name: "all", Percent: 100}); err != nil {
				t.Fatal(err)
			}
			_, whole, _ := s.BatchCalls(ctx, "all")
			var paged []string
			for off := 0; off < len(whole); off += 5 {
				_, page, total, err := s.BatchPage(ctx, "all", off, 5)
				if err != nil || total != len(whole) {
					t.Fatalf("page at %d: total %d, %v", off, total, err)
				}
				for _, c := range page {
					paged = append(paged, c.ID+fmt.Sprint(len(c.Findings)))
				}
			}
			var want []string
			for _, c := range whole {
				want = append(want, c.ID+fmt.Sprint(len(c.Findings)))
			}
			if fmt.Sprint(paged) != fmt.Sprint(want) {
				t.Errorf("pages %v, whole %v", paged, want)
			}
		})
	}
}

// firstWithFindings is the first of calls that has a finding.
func firstWithFindings(t *testing.T, calls []store.Call) store.Call {
	t.Helper()
	for _, c := range calls {
		if len(c.Findings) > 0 {
			return c
		}
	}
	t.Fatal("no call with a finding")
	return store.Call{}
}

// A login session lives in the store: found by its token (of which the store keeps a
// hash), with the user's role as it is now, until it ends or expires.
func TestSessions(t *testing.T) {
	for name, mk := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := mk(t)
			ctx := context.Background()
			clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			s.SetClock(func() time.Time { return clock })
			if err := s.AddUser(ctx, "王敏", "reviewer", "review-pass-1"); err != nil {
				t.Fatal(err)
			}
			token, err := s.StartSession(ctx, "王敏")
			if err != nil {
				t.Fatal(err)
			}
			if u, ok, err := s.SessionUser(ctx, token); err != nil || !ok || u != (store.User{Name: "王敏", Role: "reviewer"}) {
				t.Fatalf("session: %+v %v %v", u, ok, err)
			}
			if err := s.AddUser(ctx, "王敏", "supervisor", "review-pass-1"); err != nil {
				t.Fatal(err)
			}
			if u, _, _ := s.SessionUser(ctx, token); u.Role != "supervisor" {
				t.Errorf("a changed role reads %q in the session", u.Role)
			}
			for _, bad := range []string{"", token + "0", strings.ToUpper(token)} {
				if _, ok, err := s.SessionUser(ctx, bad); ok || err != nil {
					t.Errorf("token %q: ok %v, err %v", bad, ok, err)
				}
			}
			clock = clock.Add(store.SessionLife + time.Second)
			if _, ok, _ := s.SessionUser(ctx, token); ok {
				t.Error("an expired session still logs in")
			}
			clock = clock.Add(-time.Hour)
			again, _ := s.StartSession(ctx, "王敏")
			if err := s.EndSession(ctx, again); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.SessionUser(ctx, again); ok {
				t.Error("a session that ended still logs in")
			}
		})
	}
}
