package rule

import "github.com/zhijian-qa/zhijian/pkg/transcript"

// Condition applies its rules only to calls where its trigger occurred (complaint calls:
// apologise first, end by thanking the customer for the feedback).
type Condition struct {
	M     Meta
	Role  transcript.Role // who must say the trigger; "" for any
	When  Phrases
	Rules []Rule
}

func (r *Condition) Meta() *Meta { return &r.M }

func (r *Condition) Check(c *Call) []Finding {
	if _, ok := r.When.first(c, Scope{Role: r.Role}.indexes(c)); !ok {
		return nil
	}
	var out []Finding
	for _, sub := range r.Rules {
		out = append(out, sub.Check(c)...)
	}
	return out
}

// Skip passes a single wrapped rule's reason through (a timing rule with when:), so a
// call it cannot judge is reported as skipped rather than silently passing.
func (r *Condition) Skip(c *Call) string {
	if len(r.Rules) == 1 {
		if s, ok := r.Rules[0].(Skipper); ok {
			return s.Skip(c)
		}
	}
	return ""
}
