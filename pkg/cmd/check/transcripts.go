package check

import (
	"bytes"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// transcriptLoader reads the whole transcript behind each report entry again, for the
// HTML drill-down (the report contract carries only the utterances findings quote). It
// reads and parses each input once, with the checker's own settings, and hands out its
// calls in order: the pipeline emits the entries of one input one after another.
type transcriptLoader struct {
	c *pipeline.Checker
	// stdin is a copy of standard input, made as the checker reads it.
	stdin bytes.Buffer
	path  string
	calls []*transcript.Call
	next  int
}

func newTranscriptLoader(c *pipeline.Checker) *transcriptLoader {
	return &transcriptLoader{c: c}
}

// load returns the utterances of f, or nil if they cannot be had (the drill-down then
// shows only what the findings quote).
func (l *transcriptLoader) load(f report.File) []report.Utterance {
	if f.Error != "" {
		return nil
	}
	if f.Path != l.path || l.next >= len(l.calls) {
		l.path, l.calls, l.next = f.Path, l.parse(f.Path), 0
	}
	if l.next >= len(l.calls) {
		return nil
	}
	call := l.calls[l.next]
	l.next++
	if id := f.Metadata["call_id"]; id != "" && call.Metadata["call_id"] != id {
		return nil // not the call the entry is about; never show the wrong transcript
	}
	out := make([]report.Utterance, len(call.Utterances))
	for i, u := range call.Utterances {
		out[i] = report.Utterance{Line: u.Line, Turn: u.Turn, Role: string(u.Role), Text: u.Text}
		if u.HasStart {
			out[i].Time = transcript.FormatTime(u.Start)
		}
	}
	return out
}

func (l *transcriptLoader) parse(path string) []*transcript.Call {
	c := l.c
	text, err := source.Read(source.Input{Path: path}, bytes.NewReader(l.stdin.Bytes()),
		source.ReadOptions{MaxSize: c.MaxSize, Encoding: c.Encoding})
	if err != nil {
		return nil
	}
	calls, err := transcript.Parse(path, text, c.Format, transcript.Options{
		Roles: c.Rulebook.Roles, Speakers: c.Speakers, Columns: c.Columns})
	if err != nil {
		return nil
	}
	return calls
}
