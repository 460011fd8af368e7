package lint

import (
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Phrase patterns are not regular expressions, and a rule editor's habits from them fail
// silently: (号码)? is taken as 号码 followed by a question mark, which normalisation drops,
// so 号码 becomes required; \d is a backslash-escaped d. regexHabits names each habit in a
// phrase with the spelling the pattern language has for it.
var regexHabits = []struct {
	habit, zh, en string
}{
	{")?", "可有可无写成 [甲]，不是 (甲)?", "optional is [x], not (x)?"},
	{"]?", "[甲] 本身就是可有可无，不用再加 ?", "[x] is already optional: drop the ?"},
	{")*", "重复不能写 *：可有可无写成 [甲]，中间隔字写 {0,8}", "no * repetition: [x] for optional, {0,8} for a gap"},
	{")+", "重复不能写 +：写出要的次数，或用 {0,8} 隔字", "no + repetition: write it out, or use {0,8} for a gap"},
	{".*", "任意字写成 … 或 {0,8}，不是 .*", "any characters are … or {0,8}, not .*"},
	{".+", "任意字写成 … 或 {1,8}，不是 .+", "any characters are … or {1,8}, not .+"},
	{"\\d", "没有 \\d：号码、数字用占位符 X（1–4 字）", "no \\d: use the slot X (1–4 characters) for numbers"},
	{"\\w", "没有 \\w：用占位符 X", "no \\w: use the slot X"},
	{"\\s", "空格和标点在匹配前就去掉了，不用写 \\s", "spaces and punctuation are dropped before matching: no \\s"},
	{"|)", "空的选项写成 [甲|乙]，不是 (甲|乙|)", "an empty alternative is [x|y], not (x|y|)"},
}

// regexHabits warns about phrases written as regular expressions.
func (c *checker) regexHabits(uses []catalog.Use) {
	for _, u := range uses {
		srcs := []string{u.Pattern.Source}
		for _, q := range append(append([]*match.Pattern(nil), u.Pattern.With...), u.Pattern.Unless...) {
			if q.Regex() {
				continue // a not_regex exception is an expression, written as one
			}
			srcs = append(srcs, q.Source) // the other parts and the exceptions are phrases too
		}
		for _, src := range srcs {
			c.regexHabitsIn(u, src)
		}
	}
}

// regexHabitsIn warns about the habits in src, a phrase of use u.
func (c *checker) regexHabitsIn(u catalog.Use, src string) {
	first := strings.HasPrefix(src, "^")
	last := strings.HasSuffix(src, "$") && !strings.HasSuffix(src, "\\$")
	for _, h := range regexHabits {
		if strings.Contains(strings.ReplaceAll(src, "**", "X"), h.habit) { // ** is a slot
			c.warn(RegexHabit, u.Rule.ID, msg.Sprintf("lint.phrase-reads-like-regular-expression", u.Rule.ID, src, h.zh, h.en), "短语写法见 docs/rulebook.md“短语写法”；要正则表达式见 rule language v2 的 regex", phrasePlace(u))
		}
	}
	if i := strings.Index(src, "?"); i > 0 && i < len(src)-1 && !strings.ContainsAny(src[i-1:i], ")]") {
		c.warn(RegexHabit, u.Rule.ID, msg.Sprintf("lint.phrase-has-inside-optional-character", u.Rule.ID, src), "例如 [您]好", phrasePlace(u))
	}
	// A + or * after a character (好+的, 啊*): repetition, which patterns do not have; the
	// sign is punctuation, dropped before matching, so the phrase wants the character once.
	for i, r := range src {
		if i > 0 && (r == '+' || r == '*') && !strings.ContainsRune(")]*.", rune(src[i-1])) && src[i-1] != '*' {
			if r == '*' && i+1 < len(src) && src[i+1] == '*' {
				continue // ** is a slot
			}
			c.warn(RegexHabit, u.Rule.ID, msg.Sprintf("lint.phrase-uses-phrases-have-no", u.Rule.ID, src, r, r), "写出要的说法（好的、好好的），或用 {0,8} 隔字", phrasePlace(u))
			break
		}
	}
	// [0-9], [a-z]: a character class is a regular expression's; in a phrase [..] is an
	// optional part, so [0-9] asks for the text "0-9", or nothing.
	if i := strings.Index(src, "["); i >= 0 {
		if j := strings.Index(src[i:], "]"); j > 0 {
			inner := src[i+1 : i+j]
			if len([]rune(inner)) == 3 && []rune(inner)[1] == '-' {
				c.warn(RegexHabit, u.Rule.ID, msg.Sprintf("lint.phrase-reads-like-character-class", u.Rule.ID, src, inner), "号码、数字用占位符 X（1–4 字），几个字之一写 (甲|乙|丙)", phrasePlace(u))
			}
		}
	}
	if first || last {
		c.warn(RegexHabit, u.Rule.ID, msg.Sprintf("lint.phrase-uses-whole-utterance-match", u.Rule.ID, src), "例如 {pattern: 讲话, match: utterance}", phrasePlace(u))
	}
}
