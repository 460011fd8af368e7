package check

import (
	"context"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// recording is the run being recorded in the store (--store), as the calls come.
type recording struct {
	st  *store.Store
	rec *store.Recorder
}

// startRecording opens the store and starts the run: the rulebook, the paths given and
// the run label (by default today's date, so each day's batch is a run and checking it
// again that day replaces it).
func (opts *Options) startRecording(ctx context.Context, rb report.Rulebook) (*recording, error) {
	if opts.Store == "" {
		return nil, nil
	}
	st, err := store.Open(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	label := opts.RunLabel
	if label == "" {
		label = time.Now().Format("2006-01-02")
	}
	rec, err := st.Record(ctx, store.RunSpec{Rulebook: rb, Inputs: opts.Paths, Label: label}, opts.agentOf)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &recording{st: st, rec: rec}, nil
}

func (r *recording) add(c report.Call) error {
	if r == nil {
		return nil
	}
	return r.rec.Add(c)
}

// finish ends the run with the summary; abort leaves it unfinished.
func (r *recording) finish(s report.Summary, abort bool) (string, error) {
	if r == nil {
		return "", nil
	}
	defer r.st.Close()
	if abort {
		return "", r.rec.Discard()
	}
	if err := r.rec.Close(s); err != nil {
		return "", msg.Errorf("check.cannot-record-store", r.st.DSN, err)
	}
	return r.rec.RunID(), nil
}
