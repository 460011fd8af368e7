package store_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// Reviewers and supervisors acting on one finding at the same moment, as two workbench
// requests (or two workbenches on one PostgreSQL store) do: one appeal of a finding is
// open at a time, an appeal is decided once, and of saves of one call from pages of one
// version exactly one is kept.
func TestConcurrentDecisions(t *testing.T) {
	calls, sum := checked(t, "../../testdata/calls")
	const n = 16
	for name, fresh := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := fresh(t)
			ctx := context.Background()
			id := record(t, s, store.RunSpec{Rulebook: report.Rulebook{Name: "default"}, Inputs: []string{"calls"}}, calls, sum)
			if _, err := s.Sample(ctx, store.SampleSpec{Name: "b", Percent: 100}); err != nil {
				t.Fatal(err)
			}
			stored, _ := s.Calls(ctx, id)
			c := firstWithFindings(t, stored)
			f := c.Findings[0]
			at := func(f func(i int) error) (ok int) {
				var wg sync.WaitGroup
				var mu sync.Mutex
				for i := range n {
					wg.Go(func() {
						if err := f(i); err == nil {
							mu.Lock()
							ok++
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				return ok
			}
			var aid string
			filed := at(func(i int) error {
				id, err := s.FileAppeal(ctx, store.Appeal{CallID: c.ID, Finding: f.ID, Agent: "a" + strconv.Itoa(i), Reason: "客户先挂断"})
				if err == nil {
					aid = id
				}
				return err
			})
			appeals, _ := s.Appeals(ctx)
			if filed != 1 || len(appeals) != 1 {
				t.Fatalf("%d appeals of one finding filed at once were taken, %d stored; want 1", filed, len(appeals))
			}
			decided := at(func(i int) error { return s.DecideAppeal(ctx, aid, "主管"+strconv.Itoa(i), i%2 == 0, "") })
			appeals, _ = s.Appeals(ctx)
			log, _ := s.Audit(ctx, "finding:"+f.ID)
			decisions := 0
			for _, e := range log {
				if e.Action == "decide upheld" || e.Action == "decide overturned" {
					decisions++
				}
			}
			if decided != 1 || decisions != 1 {
				t.Errorf("an appeal decided %d times at once: %d taken, %d in the audit log; want 1 (%+v)", n, decided, decisions, appeals[0])
			}
			saved := at(func(i int) error {
				d := store.Confirm
				if i%2 == 0 {
					d = store.Reject
				}
				_, err := s.SaveReviewsOf(ctx, c.ID, c.Version, []store.Review{{Batch: "b", CallID: c.ID, Finding: c.Findings[len(c.Findings)-1].ID, Decision: d, Reviewer: "r" + strconv.Itoa(i)}})
				return err
			})
			reviews, _ := s.Reviews(ctx, "b")
			if saved != 1 || len(reviews) != 1 {
				t.Errorf("%d saves of one call from one version: %d taken, %d stored; want 1", n, saved, len(reviews))
			}
		})
	}
}
