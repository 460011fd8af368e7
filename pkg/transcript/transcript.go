// Package transcript holds the parsed form of a call: who said what, when, and where in
// the source file it was written. It is the second stage of the pipeline (after source
// reading and decoding) and knows nothing about rules or matching.
package transcript

import (
	"fmt"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/diag"
)

// Role is the speaker of an utterance.
type Role string

const (
	Agent    Role = "agent"
	Customer Role = "customer"
	// Unknown marks an utterance whose speaker label did not map to a role.
	Unknown Role = "unknown"
)

// Call is one parsed transcript.
type Call struct {
	// Path is the file the call came from ("-" for standard input).
	Path string
	// Metadata holds the `# key: value` header lines (call_id, agent_id, ...).
	Metadata map[string]string
	// Utterances are in the order they were written.
	Utterances []Utterance
	// Warnings are things the QA reader should know about how the call was read (roles
	// guessed, labels not recognised), in Chinese with English after.
	Warnings []string
	// Suppressions are the zhijian-disable comments of a plain-text file, in file order.
	Suppressions []Suppression
}

// Utterance is one speaker turn.
type Utterance struct {
	// Turn is the 1-based position of the utterance in the call.
	Turn int
	// Line is the 1-based line of the file where the utterance starts.
	Line int
	Role Role
	// Label is the speaker label as written (坐席, B, ...).
	Label string
	// Start and End are offsets from the start of the call; HasStart/HasEnd say whether
	// the source gave them.
	Start, End       time.Duration
	HasStart, HasEnd bool
	// Text is the utterance as written, continuation lines joined without a separator.
	Text string
	// Breaks are where in Text each continuation line starts, with its line of the file
	// (plain text): a finding on one points at that line, not the utterance's first.
	Breaks []LineBreak
}

// LineBreak is the file Line that continues an utterance's text from byte At.
type LineBreak struct {
	At, Line int
}

// LineAt is the file line of byte at of u's Text.
func (u *Utterance) LineAt(at int) int {
	line := u.Line
	for _, b := range u.Breaks {
		if b.At > at {
			break
		}
		line = b.Line
	}
	return line
}

// FormatTime renders an offset as hh:mm:ss, with milliseconds only when present.
func FormatTime(d time.Duration) string {
	h := int(d / time.Hour)
	m := int(d % time.Hour / time.Minute)
	s := int(d % time.Minute / time.Second)
	ms := int(d % time.Second / time.Millisecond)
	if d < 0 || h > 99 {
		// Rare: what fmt makes of a negative field or a third digit.
		if ms != 0 {
			return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, ms)
		}
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	// By hand, as fmt's %02d would: a report formats the time of every finding.
	b := make([]byte, 0, len("00:00:00.000"))
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if ms != 0 {
		b = append(b, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	}
	return string(b)
}

// ParseError is a transcript that cannot be parsed, at a line when there is one
// (diag.Diagnostic).
type ParseError = diag.Diagnostic

// excerptRunes is the most of an input's text an error message quotes.
const excerptRunes = 40

// excerpt is s cut to what a message may quote: a malformed 5 MB line must not become a
// 10 MB error. Control characters are shown escaped, so a message never carries an
// input's escape sequences to a terminal.
func excerpt(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == excerptRunes {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 {
			fmt.Fprintf(&b, "\\x%02x", r)
		} else {
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}
