package transcript_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestTurnLimitWhileParsing: every format holds a call over Options.MaxTurns to no more
// than the one turn too many, which the pipeline refuses naming its line, instead of
// decoding and keeping millions: a 56 MB JSON document of two million turns took 38 s
// and 3.2 GB to be refused afterwards, a 48 MB CSV 26 s and 2.7 GB, JSON Lines 1.2 GB.
// A whole JSON document is refused before it is decoded, subtitles at the cue one too
// many.
func TestTurnLimitWhileParsing(t *testing.T) {
	const limit, n = 200, 1000
	rows := func(format string) string { return repeated(format, n) }
	turn := `{"role": "agent", "text": "好%d"}`
	for _, tc := range []struct {
		name   string
		format transcript.Format
		text   string
		err    string // the error, "" when the call is kept with limit+1 turns
		line   int    // the line of the error, or of the turn one too many
	}{
		{"JSON turns", transcript.JSON, "{\"turns\": [\n" + strings.TrimSuffix(rows(turn+",\n"), ",\n") + "\n]}", "more than 200 utterances", 202},
		{"FunASR sentences", transcript.JSON, "[{\"sentence_info\": [\n" + strings.TrimSuffix(rows(`{"spk": 0, "text": "好%d", "start": 0, "end": 1}`+",\n"), ",\n") + "\n]}]", "more than 200 utterances", 202},
		{"JSON Lines of one call", transcript.JSONL, rows(`{"call_id": "c1", "role": "agent", "text": "好%d"}` + "\n"), "more than 200 utterances", 201},
		{"JSON Lines without call_id", transcript.JSONL, rows(turn + "\n"), "more than 200 utterances", 201},
		{"SRT cues", transcript.SRT, rows("%d\n00:00:01,000 --> 00:00:02,000\n坐席：好\n\n"), "more than 200 utterances", 803},
		{"WebVTT cues", transcript.VTT, "WEBVTT\n\n" + rows("00:01.000 --> 00:02.000\n<v 坐席>好%d\n\n"), "more than 200 utterances", 604},
		{"CSV", transcript.CSV, "role,text\n" + rows("agent,好%d\n"), "", 202},
		{"CSV with a call_id", transcript.CSV, "call_id,role,text\n" + rows("c1,agent,好%d\n"), "", 202},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls, err := transcript.Parse("x", tc.text, tc.format, transcript.Options{MaxTurns: limit, MaxUtteranceLength: 100})
			if tc.err != "" {
				pe, ok := err.(*transcript.ParseError)
				if !ok || !strings.Contains(err.Error(), tc.err) || pe.Line != tc.line {
					t.Fatalf("err %v, want %q at line %d", err, tc.err, tc.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u := calls[0].Utterances
			if len(u) != limit+1 || u[limit].Line != tc.line {
				t.Fatalf("%d utterances kept, want %d with the last on line %d", len(u), limit+1, tc.line)
			}
		})
	}

	// What is not a call's turns is not counted: the document's own array of calls,
	// and an array of words no longer than an utterance may be.
	calls := `[` + strings.TrimSuffix(rows(`{"call_id": "c%d", "turns": [{"role": "agent", "text": "好"}]},`), ",") + `]`
	if got, err := transcript.Parse("x", calls, transcript.JSON, transcript.Options{MaxTurns: limit}); err != nil || len(got) != n {
		t.Errorf("an array of %d calls: %d calls, %v", n, len(got), err)
	}
	words := `{"turns": [{"role": "agent", "text": "好", "words": [` + strings.TrimSuffix(strings.Repeat(`{"w": "好"},`, 300), ",") + `]}]}`
	if _, err := transcript.Parse("x", words, transcript.JSON, transcript.Options{MaxTurns: limit, MaxUtteranceLength: 1000}); err != nil {
		t.Errorf("300 words in a turn: %v", err)
	}
	// Calls under the limit in one file are kept whole.
	two := "call_id,role,text\n" + strings.Repeat("c1,agent,好\n", 150) + strings.Repeat("c2,agent,好\n", 150)
	if got, err := transcript.Parse("x", two, transcript.CSV, transcript.Options{MaxTurns: limit}); err != nil || len(got) != 2 || len(got[0].Utterances) != 150 || len(got[1].Utterances) != 150 {
		t.Errorf("two calls of 150 turns: %v", err)
	}
}

// TestCallLimitWhileParsing: a file of more calls than Options.MaxCalls is refused at
// the first one too many, in every format of many calls. A CSV of a million one-turn
// calls was parsed, checked and held whole: 249 s and 9 GB.
func TestCallLimitWhileParsing(t *testing.T) {
	const limit, n = 100, 300
	rows := func(format string) string { return repeated(format, n) }
	for _, tc := range []struct {
		name   string
		format transcript.Format
		text   string
		line   int
	}{
		{"CSV", transcript.CSV, "call_id,role,text\n" + rows("c%d,agent,您好\n"), 102},
		{"JSON Lines of turns", transcript.JSONL, rows(`{"call_id": "c%d", "role": "agent", "text": "您好"}` + "\n"), 101},
		{"JSON Lines of whole calls", transcript.JSONL, rows(`{"turns": [{"role": "agent", "text": "您好%d"}]}` + "\n"), 101},
		{"a JSON array of calls", transcript.JSON, "[\n" + strings.TrimSuffix(rows(`{"call_id": "c%d", "turns": [{"role": "agent", "text": "您好"}]}`+",\n"), ",\n") + "\n]", 102},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := transcript.Parse("x", tc.text, tc.format, transcript.Options{MaxCalls: limit})
			pe, ok := err.(*transcript.ParseError)
			if !ok || pe.Line != tc.line || !strings.Contains(err.Error(), "more than 100 calls") {
				t.Fatalf("err %v, want more than 100 calls at line %d", err, tc.line)
			}
			if calls, err := transcript.Parse("x", tc.text, tc.format, transcript.Options{MaxCalls: n}); err != nil || len(calls) != n {
				t.Errorf("with room for %d: %d calls, %v", n, len(calls), err)
			}
		})
	}
	// A document that is an array of turns is one call: its turns are held to the turn
	// limit, not the call limit.
	turns := "[\n" + strings.TrimSuffix(rows(`{"role": "agent", "text": "您好%d"}`+",\n"), ",\n") + "\n]"
	_, err := transcript.Parse("x", turns, transcript.JSON, transcript.Options{MaxCalls: 1000, MaxTurns: limit})
	if pe, ok := err.(*transcript.ParseError); !ok || pe.Line != 102 || !strings.Contains(err.Error(), "more than 100 utterances") {
		t.Errorf("an array of turns: %v, want more than 100 utterances at line 102", err)
	}
	if calls, err := transcript.Parse("x", turns, transcript.JSON, transcript.Options{MaxCalls: limit, MaxTurns: n}); err != nil || len(calls) != 1 {
		t.Errorf("an array of %d turns with room for them: %v", n, err)
	}
}

// repeated is format filled in with 0, 1, … n-1, one after another.
func repeated(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}
