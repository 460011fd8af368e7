package report

import (
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// How a finding is shown. Every format presents a finding by this one model, so that a
// supervisor sees the same facts in the text report, the workbook, the CSV and the page:
//
//   - said: the words that break the rule, quoted with the match marked;
//   - unanswered: the words that called for a reply that never came (the customer's
//     thanks, complaint or 什么态度), quoted with a neutral mark — they are no violation;
//   - missing: a step not said where it was expected, shown at that place (its window or
//     the trigger it should have followed);
//   - absent: a step not said anywhere in the call: no line to point at;
//   - measured: a measurement (speech rate, a silence, an overlap): value, limit, unit
//     and span;
//   - note: what the tool let go (a 禁语 negated or quoted, a phrase heard only through a
//     homophone), listed for audit, never scored.
const (
	ShownSaid       = "said"
	ShownUnanswered = "unanswered"
	ShownMissing    = "missing"
	ShownAbsent     = "absent"
	ShownMeasured   = "measured"
	ShownNote       = "note"
)

// ShownOf is how f is shown.
func ShownOf(f Finding) string {
	switch {
	case f.Shown != "":
		return f.Shown
	case f.Unit != "":
		return ShownMeasured
	case f.Kind == "response" && f.Match != "":
		return ShownUnanswered
	case f.Match != "":
		return ShownSaid
	case f.Line == 0:
		return ShownAbsent
	}
	return ShownMissing
}

// Evidence says in words, in lang, what stands behind f when no quote does: the
// measurement, "not said in this call", "expected here", "no reply after …". For a
// finding of something said it is the match.
func Evidence(f Finding, lang Lang) string {
	en := lang == LangEN
	pick := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	switch ShownOf(f) {
	case ShownMeasured:
		return langPart(f.Detail, en)
	case ShownAbsent:
		return pick("本通未说", "not said in this call")
	case ShownMissing:
		return pick("此处应出现，未出现", "expected here, not said")
	case ShownUnanswered:
		return pick("“"+f.Match+"”之后没有应有的回应", "no due reply after “"+f.Match+"”")
	case ShownNote:
		return noteWhy(f, en) + "：“" + f.Match + "”"
	}
	return f.Match
}

// noteWhy says why a note was let go, by the first of its Fuzzy ways that has words.
func noteWhy(f Finding, en bool) string {
	why := []struct{ way, zh, en string }{
		{"negated", "被否定、引述或谴责，未计为禁语", "negated, quoted or condemned: not counted"},
		{"split", "跨两句认定", "found across two utterances"},
		{"pinyin", "按读音（同音字）认定", "found by sound (a homophone)"},
		{"fillers", "跳过语气词、口吃后认定", "found with fillers or a stutter skipped"},
	}
	for _, w := range why {
		if strings.Contains(f.Fuzzy, w.way) {
			if en {
				return w.en
			}
			return w.zh
		}
	}
	if en {
		return "judged leniently"
	}
	return "从宽认定"
}

// langPart is the Chinese or the English half of a text in both languages (msg.Text),
// or all of it when it has no such halves: a report read back from JSON keeps only the
// text, so this is where it is taken apart.
func langPart(s string, en bool) string {
	zh, e, ok := msg.Split(s)
	switch {
	case !ok:
		return s
	case en:
		return e
	}
	return zh
}

// shownWords name the ways a finding is shown in a Chinese report; English reports use
// the codes themselves.
var shownWords = map[string]string{
	ShownSaid: "所说", ShownUnanswered: "未回应", ShownMissing: "缺失", ShownAbsent: "本通未说",
	ShownMeasured: "测量", ShownNote: "备注",
}

// ShownWord is how f is shown, in a word of lang.
func ShownWord(f Finding, lang Lang) string {
	s := ShownOf(f)
	if lang == LangEN {
		return s
	}
	return shownWords[s]
}
