package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/store"
)

// TestConcurrentOpenOfNewStore: runs that open a new store at the same moment (a batch
// split into shards, each recording) all get it. Each read schema version 0 and ran
// migration 1, and all but the first failed: "table runs already exists".
func TestConcurrentOpenOfNewStore(t *testing.T) {
	ctx := context.Background()
	for round := range 10 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("qa-%d.db", round))
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := store.Open(ctx, path)
				if err == nil {
					st.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
}
