package transcript

import (
	"regexp"
	"slices"
	"strings"
)

// Suppression is a zhijian-disable comment in a plain-text transcript or training
// script: the findings of Rules (of every rule when Rules is empty) on the lines From to
// To are suppressed — reported as such, not scored. To is 0 for "to the end of the file".
//
//	# zhijian-disable-next-line forbidden-phrases -- 反面教材：培训时念给学员听
//	坐席：你有完没完？
//	# zhijian-disable filler-words
//	…
//	# zhijian-enable filler-words
type Suppression struct {
	// Line is where the comment is written.
	Line     int
	From, To int
	Rules    []string
	// Reason is what follows " -- " in the comment.
	Reason string
}

// Covers reports whether the suppression applies to a finding of rule at line. A finding
// with no line (something missing from an empty window) is covered only by a disable
// that runs from the top of the file to its end.
func (s Suppression) Covers(rule string, line, firstLine int) bool {
	if len(s.Rules) > 0 && !slices.Contains(s.Rules, rule) {
		return false
	}
	if line == 0 {
		return s.From <= firstLine && s.To == 0
	}
	return s.From <= line && (s.To == 0 || line <= s.To)
}

// Suppressed returns the suppression that covers a finding of rule at line, if any.
func (c *Call) Suppressed(rule string, line int) (Suppression, bool) {
	first := 0
	if len(c.Utterances) > 0 {
		first = c.Utterances[0].Line
	}
	for _, s := range c.Suppressions {
		if s.Covers(rule, line, first) {
			return s, true
		}
	}
	return Suppression{}, false
}

var directive = regexp.MustCompile(`^#\s*zhijian-(disable-next-line|disable|enable)(?:\s+(.*?))?\s*$`)

// suppressions collects the directives of one file while it is parsed.
type suppressions struct {
	out []Suppression
	// next are the disable-next-line comments waiting for their utterance.
	next []Suppression
	// open are the disable ranges not yet enabled again, by position in out.
	open []int
}

// comment takes a "#" line; it reports whether the line was a directive.
func (s *suppressions) comment(lineNo int, line string) bool {
	if !strings.Contains(line, "zhijian-") {
		return false // a metadata line: no regular expression run for it
	}
	m := directive.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	rest, reason, _ := strings.Cut(m[2], "--")
	var rules []string
	for _, id := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\t' }) {
		rules = append(rules, id)
	}
	sup := Suppression{Line: lineNo, Rules: rules, Reason: strings.TrimSpace(reason)}
	switch m[1] {
	case "disable-next-line":
		s.next = append(s.next, sup)
	case "disable":
		sup.From = lineNo + 1
		s.open = append(s.open, len(s.out))
		s.out = append(s.out, sup)
	case "enable":
		// Close the open ranges of these rules (all of them with no rule named); a rule
		// disabled by a blanket disable stays suppressed until a blanket enable.
		keep := s.open[:0]
		for _, i := range s.open {
			o := &s.out[i]
			if len(rules) == 0 || sameRules(o.Rules, rules) {
				o.To = lineNo - 1
				continue
			}
			if len(o.Rules) > 0 {
				var left []string
				for _, id := range o.Rules {
					if !slices.Contains(rules, id) {
						left = append(left, id)
					}
				}
				if len(left) < len(o.Rules) {
					// Split the range: the enabled rules stop here, the others go on.
					closed := *o
					closed.Rules = subtract(o.Rules, left)
					closed.To = lineNo - 1
					o.Rules = left
					s.out = append(s.out, closed)
				}
			}
			keep = append(keep, i)
		}
		s.open = keep
	}
	return true
}

// utterance tells the collector an utterance starts at lineNo.
func (s *suppressions) utterance(lineNo int) {
	for _, n := range s.next {
		n.From, n.To = lineNo, lineNo
		s.out = append(s.out, n)
	}
	s.next = s.next[:0]
}

func sameRules(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func subtract(all, minus []string) []string {
	var out []string
	for _, x := range all {
		if !slices.Contains(minus, x) {
			out = append(out, x)
		}
	}
	return out
}
