// Package storetest fills a store for the tests of what reads one: the calls under a
// directory checked with the default rulebook, recorded as one run, and a review batch
// of every call.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// Batch records the calls under dir in a fresh SQLite store and draws the batch named
// batch of all of them; it returns the store and the rulebook they were checked by.
func Batch(t testing.TB, dir, batch string) (*store.Store, *rulebook.Rulebook) {
	t.Helper()
	ctx := context.Background()
	c, err := pipeline.New(pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c.KeepTranscripts = true
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "qa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rec, err := s.Record(ctx, store.RunSpec{Rulebook: c.RulebookID(), Inputs: []string{dir}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	inputs, problems := source.Expand([]string{dir}, source.Options{})
	sum, err := c.Stream(inputs, problems, func(f report.Call) error { return rec.Add(f) })
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Close(sum); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sample(ctx, store.SampleSpec{Name: batch, Percent: 100}); err != nil {
		t.Fatal(err)
	}
	return s, c.Rulebook
}
