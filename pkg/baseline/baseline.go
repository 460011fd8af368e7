// Package baseline records the findings a team already knows about, so zhijian can be
// adopted on hundreds of existing training scripts and CI fail only on new findings:
// `zhijian check --write-baseline FILE` writes one, `--baseline FILE` sets its findings
// aside (reported as baselined, not scored).
//
// A finding is known by its file, rule, utterance and matched text — not by its line,
// so editing elsewhere in a script does not make old findings new. The same finding
// twice in one call is known twice: a third occurrence is new.
package baseline

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// Version is the format version written in every baseline file.
const Version = 1

// Entry is one known finding, Count times in its call.
type Entry struct {
	Path  string `json:"path"`
	Call  string `json:"call_id,omitempty"`
	Rule  string `json:"rule"`
	Text  string `json:"text"`
	Match string `json:"match,omitempty"`
	Count int    `json:"count"`
}

// File is a baseline file's contents.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Baseline is a loaded baseline, safe for concurrent use.
type Baseline struct {
	known map[string]int
}

// key identifies a finding; its text is compared masked (report.MaskPII), so a baseline
// written from a masked report knows the finding it was made of, and one written with
// --no-mask still applies to a masked run.
func key(path, call, rule, text, match string) string {
	return strings.Join([]string{filepath.ToSlash(path), call, rule, report.MaskPII(strings.TrimSpace(text)), report.MaskPII(match)}, "\x00")
}

// Load reads a baseline file. It is decoded a finding at a time: only the keys of the
// findings are kept (decoded whole, a baseline of 100 MB took 580 MB, and the 256 MB one
// allowed about 1.5 GB).
func Load(path string) (*Baseline, error) {
	rc, err := smallfile.Open(path, smallfile.Large)
	if err != nil {
		return nil, msg.Errorf("baseline.cannot-read-baseline", err)
	}
	defer rc.Close()
	b := &Baseline{known: map[string]int{}}
	version, err := b.decode(json.NewDecoder(bufio.NewReaderSize(rc, 64<<10)))
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF // the baseline cut short
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, msg.Errorf("baseline.cannot-read-baseline", err)
		}
		return nil, msg.Errorf("baseline.invalid-baseline", path, err)
	}
	if version != Version {
		return nil, msg.Errorf("baseline.unsupported-baseline-version", path, version, Version)
	}
	return b, nil
}

// maxCount bounds what a baseline entry's count adds: a hand-edited count near the
// largest integer, given twice, made the sum wrap round to a negative count.
const maxCount = 1 << 30

// decode reads a baseline's object, adding its findings to b, and returns its version.
func (b *Baseline) decode(dec *json.Decoder) (version int, err error) {
	if err := delim(dec, '{'); err != nil {
		return 0, err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return 0, err
		}
		k, _ := t.(string)
		switch { // as encoding/json matches keys: in any case
		case strings.EqualFold(k, "version"):
			err = dec.Decode(&version)
		case strings.EqualFold(k, "findings"):
			err = b.findings(dec)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return 0, err
		}
	}
	if err := delim(dec, '}'); err != nil {
		return 0, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return 0, errors.New("text after the baseline")
	}
	return version, nil
}

// findings reads the list of findings (or null).
func (b *Baseline) findings(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('[') {
		return fmt.Errorf("findings is %v, not a list", t)
	}
	for dec.More() {
		var e Entry
		if err := dec.Decode(&e); err != nil {
			return err
		}
		k := key(e.Path, e.Call, e.Rule, e.Text, e.Match)
		b.known[k] = min(b.known[k]+min(max(e.Count, 1), maxCount), maxCount)
	}
	return delim(dec, ']')
}

func delim(dec *json.Decoder, d json.Delim) error {
	t, err := dec.Token()
	if err == nil && t != d {
		err = fmt.Errorf("%v where %v belongs", t, d)
	}
	return err
}

// Known reports, for each finding of one call, whether the baseline has it. Findings are
// counted in order: a baseline entry with count 2 knows the first two.
func (b *Baseline) Known(path, callID string, findings []report.Finding) []bool {
	out := make([]bool, len(findings))
	used := map[string]int{}
	for i, f := range findings {
		k := key(path, callID, f.Rule, f.Text, f.Match)
		if used[k] < b.known[k] {
			used[k]++
			out[i] = true
		}
	}
	return out
}

// Builder collects a batch's findings for a new baseline.
type Builder struct {
	counts map[Entry]int
}

// Add records the findings of one report entry: those scored and those a baseline set
// aside (they are still known), not those suppressed in the file itself.
func (bd *Builder) Add(f report.Call) {
	if bd.counts == nil {
		bd.counts = map[Entry]int{}
	}
	add := func(fd report.Finding) {
		e := Entry{Path: filepath.ToSlash(f.Path), Call: f.Metadata["call_id"], Rule: fd.Rule, Text: strings.TrimSpace(fd.Text), Match: fd.Match}
		bd.counts[e]++
	}
	for _, fd := range f.Findings {
		add(fd)
	}
	for _, fd := range f.Suppressed {
		if fd.SuppressedBy == report.SuppressedBaseline {
			add(fd)
		}
	}
}

// Len is the number of findings collected.
func (bd *Builder) Len() int {
	n := 0
	for _, c := range bd.counts {
		n += c
	}
	return n
}

// Write writes the baseline as JSON, sorted so it diffs well under version control.
func (bd *Builder) Write(w io.Writer) error {
	f := File{Version: Version, Tool: "zhijian", Findings: []Entry{}}
	for e, n := range bd.counts {
		e.Count = n
		f.Findings = append(f.Findings, e)
	}
	sort.Slice(f.Findings, func(i, j int) bool {
		a, b := f.Findings[i], f.Findings[j]
		for _, p := range [][2]string{{a.Path, b.Path}, {a.Call, b.Call}, {a.Rule, b.Rule}, {a.Text, b.Text}, {a.Match, b.Match}} {
			if p[0] != p[1] {
				return p[0] < p[1]
			}
		}
		return false
	})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}
