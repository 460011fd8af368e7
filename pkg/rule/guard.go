package rule

import (
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

// The negation guard of forbidden phrases. Training scripts and careful agents name a
// 禁语 to disown it: 我们绝不会说“我也没办法”, 一定不会让您觉得“不是我的事”. Such an
// occurrence is not counted when a negated verb of saying or thinking introduces it:
//
//   - a negator — 不 没 别 勿 莫 禁止 严禁 避免 切忌 杜绝 —
//   - then at most 4 characters in the same clause (会、能、应该、要对客户、会让您),
//   - then a verb: 说 讲 说出 讲出 说过 讲过 回答 答复 回复 觉得 认为 感到 听到 使用 出现,
//     or 一句 (不会一句“这不归我们管”就把您打发了: the 禁语 named as a sentence),
//
// and either the phrase starts right after the verb (only spaces, quotation marks, a
// colon or fillers between them, with the commas that go with a filler: 绝不会说：“我也没
// 办法”, 不会说嗯我也没办法, 不能说：嗯，你有完没完), or the
// phrase lies inside a quotation (“…” 「…」 『…』 ‘…’ "…") whose opening mark comes
// right after such a verb (不会说“对不起，我也没办法”). Punctuation between the verb and
// the phrase (我不说了，你有完没完) or a verb not negated (我就说“你有完没完”) leaves the
// occurrence counted. Speech recognition writes no quotation marks, so for a transcript it
// is the first case; without punctuation 你不说我也没办法 is read as negated too, the
// price of the rule.

var (
	negators = []string{"不", "没", "别", "勿", "莫", "禁止", "严禁", "避免", "切忌", "杜绝"}
	cueVerbs = []string{"说出", "讲出", "说过", "讲过", "说", "讲", "回答", "答复", "回复", "觉得", "认为", "感到", "听到", "使用", "出现",
		"一句"} // 不会一句“这不归我们管”就把您打发了: the 禁语 named as a sentence
)

// isCueVerbEnd reports whether r is the last character of one of cueVerbs: a comparison
// with each of a few runes, where strings.ContainsRune made a string of r and searched
// for it (disowned asks at every character of an utterance).
func isCueVerbEnd(r rune) bool {
	for _, e := range cueVerbEndRunes {
		if e == r {
			return true
		}
	}
	return false
}

var cueVerbEndRunes = []rune(cueVerbEnds)

// cueVerbEnds are the last characters of cueVerbs.
var cueVerbEnds = func() string {
	var b strings.Builder
	for _, v := range cueVerbs {
		last, _ := utf8.DecodeLastRuneInString(v)
		b.WriteRune(last)
	}
	return b.String()
}()

// maxCueGap is how many characters may stand between the negator and the verb: a modal,
// an adverb and whom it is said to (我可不能就跟您说一句“规定就是这样”).
const maxCueGap = 5

const (
	openQuotes  = "“「『‘"
	closeQuotes = "”」』’"
	straight    = "\"'＂＇"
)

// Reported speech is disowned too. An occurrence reported after a verb of saying (in
// quotation marks or not) does not count when the speaker is someone else (那位同事说“我
// 也没办法”, 之前有人跟您讲我也没办法) or the agent condemns it right after (……是完全不对
// 的, ……这种话不应该说): the agent names the 禁语, they do not say it to the customer.
var (
	thirdParties = []string{"同事", "别人", "有人", "他", "她", "他们", "她们", "客服", "人家", "工作人员", "师傅", "员工", "那位", "上一位"}
	saidToYou    = []string{"跟您", "对您", "和您", "给您", "跟你", "对你", "和你", "给你", "回您", "回你", "答您", "也", "还", "就", "曾", "都", "直接", "只"}
	condemnation = []string{"是不对", "不对", "是错误", "是错的", "错了", "不应该", "不该", "不能说", "不可以", "不允许",
		"不礼貌", "不恰当", "不合适", "是禁语", "属于禁语", "这种话", "这样的话", "这句话", "太不像话",
		"这种推托", "这种推诿", "这种敷衍"}
)

// maxCondemnGap is how many characters may stand between the reported 禁语 and the
// words that condemn it (是完全不对的: 是完全).
const maxCondemnGap = 4

// referBack are words that name what was just reported before condemning it (“……”，这样
// 答复确实不对): they are passed over before the gap is counted.
var referBack = []string{"这样答复", "这样回答", "这样回复", "这样的答复", "这样的回答", "这种答复", "这种回答", "这种说法", "这样说", "这么说", "这句话", "这话"}

// guarded reports whether the forbidden occurrence at sp in t is negated, quoted or
// reported as described above.
func guarded(t *match.Text, sp match.Span) bool {
	var g guard
	return g.guarded(t, sp)
}

// guard is guarded for the occurrences of one rule: it remembers, for the last text,
// what the text disowns and where its quotation marks are, which do not depend on the
// occurrence. Found again for each, an utterance of 10,000 characters repeating a 禁语
// two thousand times took two seconds, and a transcript of them minutes.
type guard struct {
	text       *match.Text
	start, end int
	ok         bool
	// rStart, rEnd: the part reportedDisowned found, if rOK.
	rStart, rEnd int
	rOK          bool
	marks        []quoteMark
}

// quoteMark is a quotation mark in a text's original: where, its size, whether it
// opens, closes or is straight, and for a straight one how many of the same came
// before it.
type quoteMark struct {
	at, size int
	kind     byte // 'o', 'c' or 's'
	before   int
}

// wholeScans counts the calls of disowned, which looks over a whole text: the tests
// bound it by the texts checked, not by the occurrences in them.
var wholeScans atomic.Int64

func (g *guard) load(t *match.Text) {
	if g.text == t {
		return
	}
	g.text = t
	g.start, g.end, g.ok = disowned(t)
	g.rStart, g.rEnd, g.rOK = reportedDisowned(t)
	g.marks = g.marks[:0]
	seen := map[rune]int{}
	for i, r := range t.Orig {
		if r >= 0x4E00 && r <= 0x9FFF {
			continue // Han, no quotation mark: no search of the marks
		}
		m := quoteMark{at: i, size: utf8.RuneLen(r)}
		switch {
		case strings.ContainsRune(closeQuotes, r):
			m.kind = 'c'
		case strings.ContainsRune(openQuotes, r):
			m.kind = 'o'
		case strings.ContainsRune(straight, r):
			m.kind, m.before = 's', seen[r]
			seen[r]++
		default:
			continue
		}
		g.marks = append(g.marks, m)
	}
}

func (g *guard) disowned(t *match.Text) (start, end int, ok bool) {
	g.load(t)
	return g.start, g.end, g.ok
}

// quoteOpen is quoteOpen from the marks found once: the last mark before pos decides.
func (g *guard) quoteOpen(t *match.Text, pos int) (int, bool) {
	g.load(t)
	off := t.OrigOffset(pos)
	k := sort.Search(len(g.marks), func(i int) bool { return g.marks[i].at+g.marks[i].size > off }) - 1
	if k < 0 {
		return 0, false
	}
	switch m := g.marks[k]; {
	case m.kind == 'o', m.kind == 's' && m.before%2 == 0:
		return t.NormOffset(m.at + m.size), true
	}
	return 0, false
}

func (g *guard) guarded(t *match.Text, sp match.Span) bool {
	if cueBefore(t, sp.Start) {
		return true
	}
	// Later in the clause the cue introduces: 绝不会跟您说一句 规定就是这样爱办不办.
	if s, e, ok := g.disowned(t); ok && s <= sp.Start && sp.End <= e {
		return true
	}
	// Someone's words reported, then condemned or apologised for: 上回那个接线员说您有完没完，
	// 这话太伤人了，我替她跟您道歉.
	if g.rOK && g.rStart <= sp.Start && sp.End <= g.rEnd {
		return true
	}
	q, quoted := g.quoteOpen(t, sp.Start)
	if quoted && cueBefore(t, q) {
		return true
	}
	at := sp.Start
	if quoted {
		at = q
	}
	vs, ok := sayingBefore(t, at)
	if !ok && !quoted {
		return false
	}
	return ok && thirdPartyBefore(t, vs) || condemnedAfter(t, sp.End)
}

// sayingBefore finds a verb of saying that ends right before Norm offset pos (only
// spaces, quotation marks, colons or fillers between): the Norm offset it starts at.
func sayingBefore(t *match.Text, pos int) (int, bool) {
	norm := t.Norm
	for _, v := range cueVerbs {
		if strings.HasSuffix(norm[:pos], v) && onlyQuoteGap(t, pos-len(v), pos, pos, t.Fillers()) {
			return pos - len(v), true
		}
	}
	return 0, false
}

// thirdPartyBefore reports whether someone other than the agent is the subject of the
// verb starting at Norm offset vs: 同事说, 有人跟您讲, 之前的客服也说.
func thirdPartyBefore(t *match.Text, vs int) bool {
	e := vs
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range saidToYou {
			if strings.HasSuffix(t.Norm[:e], w) && !t.IsBreak(e) {
				e -= len(w)
				trimmed = true
			}
		}
	}
	for _, p := range thirdParties {
		if strings.HasSuffix(t.Norm[:e], p) {
			return true
		}
	}
	return false
}

// condemnedAfter reports whether words condemning what was just said follow Norm offset
// end within maxCondemnGap characters.
func condemnedAfter(t *match.Text, end int) bool {
	norm := t.Norm
	p := end
	for _, w := range referBack {
		if strings.HasPrefix(norm[p:], w) {
			p += len(w)
			break
		}
	}
	for k := 0; k <= maxCondemnGap && p < len(norm); k++ {
		for _, w := range condemnation {
			if strings.HasPrefix(norm[p:], w) {
				return true
			}
		}
		_, size := utf8.DecodeRuneInString(norm[p:])
		p += size
	}
	return false
}

// cueBefore reports whether a negated verb ends right before Norm offset pos, fillers
// aside, with nothing but spaces, quotation marks and colons between them in the original.
func cueBefore(t *match.Text, pos int) bool {
	norm, fillers := t.Norm, t.Fillers()
	p := pos
	for trimmed := true; trimmed; {
		trimmed = false
		for _, f := range fillers {
			if f != "" && strings.HasSuffix(norm[:p], f) {
				p -= len(f)
				trimmed = true
			}
		}
	}
	// Most places end in no verb's last character: one look instead of a comparison
	// with each (disowned asks at every character of an utterance).
	var last rune
	if p >= 3 && norm[p-3]-0xE1 < 0x0F && norm[p-3] != 0xED && (norm[p-2]^0x80)|(norm[p-1]^0x80) < 0x40 {
		// A three-byte character led by E1–EC or EE–EF, decoded in line.
		last = rune(norm[p-3]&0x0F)<<12 | rune(norm[p-2]&0x3F)<<6 | rune(norm[p-1]&0x3F)
	} else {
		last, _ = utf8.DecodeLastRuneInString(norm[:p])
	}
	if !isCueVerbEnd(last) {
		return false
	}
	for _, v := range cueVerbs {
		if !strings.HasSuffix(norm[:p], v) {
			continue
		}
		vs := p - len(v)
		if onlyQuoteGap(t, vs, p, pos, fillers) && negatedAt(t, vs) {
			return true
		}
	}
	return false
}

// onlyQuoteGap reports whether the original between the verb (Norm [vs, ve)) and the
// phrase at pos holds only spaces, quotation marks, colons and the fillers already passed.
func onlyQuoteGap(t *match.Text, vs, ve, pos int, fillers []string) bool {
	from := t.OrigOffset(vs) + len(t.Source(vs, ve))
	to := t.OrigOffset(pos)
	if from > to {
		return true
	}
	gap := t.Orig[from:to]
	fillerRunes := strings.Join(fillers, "")
	filler, pause, ended := false, false, false
	for i, r := range gap {
		switch {
		case unicode.IsSpace(r), r == ':', r == '：', strings.ContainsRune(openQuotes+straight, r):
		case strings.ContainsRune(fillerRunes, r):
			filler = true
			ended = ended || i == 0 && strings.ContainsRune(finalParticles, r)
		case r == '，' || r == ',' || r == '、' || r == '…':
			pause = true
		default:
			return false
		}
	}
	// A comma goes with a filler (不能说：嗯，……); alone it ends the clause, and so does a
	// particle ending the sentence on the verb (从来没跟您这么讲过啊，……: a denial).
	return (filler || !pause) && !(ended && pause)
}

// finalParticles end a sentence when they follow its verb.
const finalParticles = "啊呀吧嘛呢哦"

// negatedAt reports whether a negator ends within maxCueGap characters before Norm offset
// vs, in the same clause.
func negatedAt(t *match.Text, vs int) bool {
	norm := t.Norm
	e := vs
	pauses := t.SpacesPause()
	for k := 0; k <= maxCueGap && e > 0; k++ {
		if t.IsBreak(e) {
			return false
		}
		// Speech recognition ends a clause with a space: 我说你是不是机主 你说话大点声.
		if _, size := utf8.DecodeLastRuneInString(norm[:e]); pauses && spaceAfter(t, e-size, e) {
			return false
		}
		for _, n := range negators {
			if strings.HasSuffix(norm[:e], n) && !politeNot(norm[e:]) {
				return true
			}
		}
		_, size := utf8.DecodeLastRuneInString(norm[:e])
		e -= size
	}
	return false
}

// politeNot reports whether a 不 followed by rest is part of a polite word (不好意思跟您说,
// 不客气), not a negation of the verb after it.
func politeNot(rest string) bool {
	return strings.HasPrefix(rest, "好意思") || strings.HasPrefix(rest, "客气")
}

// quoteOpen finds the quotation the Norm offset pos is in: the Norm offset of the first
// character after its opening mark.
func quoteOpen(t *match.Text, pos int) (int, bool) {
	orig := t.Orig[:t.OrigOffset(pos)]
	for i := len(orig); i > 0; {
		r, size := utf8.DecodeLastRuneInString(orig[:i])
		i -= size
		switch {
		case strings.ContainsRune(closeQuotes, r):
			return 0, false
		case strings.ContainsRune(openQuotes, r):
			return t.NormOffset(i + size), true
		case strings.ContainsRune(straight, r):
			// A straight quote opens when an even number of them come before it.
			if strings.Count(orig[:i], string(r))%2 == 0 {
				return t.NormOffset(i + size), true
			}
			return 0, false
		}
	}
	return 0, false
}

// minDisowned is the fewest characters a named 禁语 has: after 不是说 the two of 了吗 are
// the rest of a reproach (我不是说了吗), not a sentence held at arm's length.
const minDisowned = 4

// disowned finds the first part of t the agent names to disown: the clause right after a
// negated verb of saying (我们不会跟您说一句 规定就是这样爱办不办), Norm [start, end), or
// the whole quotation when the cue opens one (不会说“规定就是这样，爱办不办”). A model
// judges the whole utterance, and a phrase may stand anywhere in that clause.
func disowned(t *match.Text) (start, end int, ok bool) {
	wholeScans.Add(1)
	norm := t.Norm
	pauses := t.SpacesPause()
	for p := range norm {
		if p == 0 {
			continue
		}
		if !cueBefore(t, p) || continuesVerb(norm[p:]) {
			continue
		}
		e := p
		if _, quoted := quoteOpen(t, p); quoted {
			e = quoteClose(t, p)
		} else {
			for e < len(norm) {
				_, size := utf8.DecodeRuneInString(norm[e:])
				// A space ends the clause too: speech recognition pauses with one.
				if e += size; t.IsBreak(e) || pauses && spaceAfter(t, e-size, e) {
					break
				}
			}
		}
		if utf8.RuneCountInString(norm[p:e]) >= minDisowned {
			return p, e, true
		}
	}
	return 0, 0, false
}

// continuesVerb reports whether what follows a verb of saying is more of the verb, a
// word pointing back or a particle ending the sentence on it: 没说过这种话 denies a
// remark, and 别卡在那儿讲嘛 is an order, neither names one. (With a comma after the
// particle, 从来没跟您这么讲过啊，……, onlyQuoteGap ends the cue too.)
func continuesVerb(rest string) bool {
	for _, w := range []string{"过", "了", "的", "着", "这种话", "那种话", "这样的话", "那样的话", "这话", "那话", "啊", "呀", "哦", "嘛", "呢", "吧"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// quoteClose is the Norm offset of the closing mark of the quotation open at pos, or the
// end of the text when it is never closed.
func quoteClose(t *match.Text, pos int) int {
	from := t.OrigOffset(pos)
	if i := strings.IndexAny(t.Orig[from:], closeQuotes+straight); i >= 0 {
		return t.NormOffset(from + i)
	}
	return len(t.Norm)
}

// spaceAfter reports whether white space follows, in the original, the character at
// Norm [s, e).
func spaceAfter(t *match.Text, s, e int) bool {
	from := t.OrigOffset(s) + len(t.Source(s, e))
	if e >= len(t.Norm) || from >= len(t.Orig) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.Orig[from:])
	return unicode.IsSpace(r)
}

// What someone else said, reported to be disowned: the agent tells the customer what a
// colleague (or the agent, earlier) said, then condemns it or apologises for it — 上回那个
// 接线员说您有完没完，这话太伤人了，我替她跟您道歉; 夜班同事冲您嚷“大点声，听不见”，这是她
// 不对. The condemnation may come a clause or two later, and the reporter is anyone named
// before a verb of saying (a teacher, the front desk, 上次那位).
var (
	reporters = append(slices.Clone(thirdParties), "老师", "医生", "护士", "店员", "销售", "接线员", "话务员", "前台", "保安", "司机",
		"快递员", "骑手", "经理", "主管", "大姐", "大哥", "小哥", "工长", "人员", "业务员", "柜员", "窗口", "那个", "上次", "上回", "之前", "那天")
	reportVerbs = []string{"说", "讲", "问", "回", "答", "嚷", "喊", "吼", "催", "丢一句", "来一句", "甩一句", "告诉"}
	disowning   = append(slices.Clone(condemnation), "道歉", "道个歉", "赔个不是", "赔不是", "说声对不起", "说声抱歉", "致歉", "不妥", "太伤人", "推卸", "太硬", "太冲",
		"对不住") // 粤语“讲声对唔住”（唔 读作 不）
)

// maxReporterGap is how many characters may stand between the reporter and the verb
// (上回那个接线员跟您说: 跟您).
const maxReporterGap = 6

// reportedDisowned finds, in Norm, the words a reporter is said to have said, from the
// verb of saying to the first condemnation or apology after it.
func reportedDisowned(t *match.Text) (start, end int, ok bool) {
	norm := t.Norm
	m := -1
	for p := range norm {
		if hasAnyPrefix(norm[p:], disowning) {
			m = p
			break
		}
	}
	if m <= 0 {
		return 0, 0, false
	}
	for r := 0; r < m; {
		n := hasAnyPrefixLen(norm[r:m], reporters)
		if n == 0 {
			_, size := utf8.DecodeRuneInString(norm[r:])
			r += size
			continue
		}
		v := r + n
		for k := 0; k <= maxReporterGap && v < m; k++ {
			if n := hasAnyPrefixLen(norm[v:m], reportVerbs); n > 0 && utf8.RuneCountInString(norm[v+n:m]) >= 2 {
				return v + n, m, true
			}
			c, size := utf8.DecodeRuneInString(norm[v:])
			if c == '不' || c == '没' {
				break // 客服不可能这么讲: a denial, not a report (itself a 禁语: 我绝对没说过这种话)
			}
			v += size
		}
		r += n
	}
	return 0, 0, false
}

func hasAnyPrefix(s string, ws []string) bool { return hasAnyPrefixLen(s, ws) > 0 }

// hasAnyPrefixLen is the length of the first of ws that s starts with, or 0.
func hasAnyPrefixLen(s string, ws []string) int {
	for _, w := range ws {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}
