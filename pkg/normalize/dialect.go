package normalize

import (
	"slices"
	"strings"
)

// Dialect question words, negations and pronouns folded into their Mandarin words, so a
// phrase written once matches the caller who says it in Hunan (何解, 么子, 冒得), Sichuan
// and Chongqing (啥子, 咋个, 啷个, 莫得), Hubei (么样), Shaanxi (额们) or Cantonese (冇,
// 乜嘢): 你这是么子态度 is 你这是什么态度 to every pattern. Each word becomes one of as
// many characters, all three bytes in UTF-8, so the fold is done in place and the offset
// tables still hold.
// A word inside a common Mandarin one is left alone: 如何解决 is not 如为啥决, 怎么样 keeps
// its 么样, 要么子女 its 么子.
type dialectWord struct {
	from, to            string
	notAfter, notBefore string // characters that may not stand just before, just after
}

var dialectWords = []dialectWord{
	{from: "何解", to: "为啥", notAfter: "如任奈为", notBefore: "决释答读除开脱锁冻题"},
	{from: "么子", to: "什么", notAfter: "要那怎什这多"},
	{from: "么样", to: "怎样", notAfter: "怎什那这多要"},
	// 武汉话的“为么事”、贵州话的“为哪样”是“为什么”（为么事不能在网上办啊）
	{from: "为么事", to: "为什么"},
	{from: "为哪样", to: "为什么"},
	// 武汉话的“么事”是“什么事”（还有么事要我帮您弄的吗；搞么事）；这么事、那么事、为什么事不算
	{from: "么事", to: "啥事", notAfter: "要那怎什这多为干"},
	{from: "啥子", to: "什么"},
	// 吴语、湘语、西南官话的“晓得”是“知道”（不晓得我这样讲您听清楚了没）
	{from: "晓得", to: "知道"},
	{from: "咋个", to: "怎么"},
	{from: "啷个", to: "怎么"},
	{from: "冒得", to: "没有"},
	{from: "莫得", to: "没有"},
	// 西南官话的“莫”是“别”（莫急、莫慌、莫出门、莫挂）；莫名、莫非、莫过于、莫大、莫斯科、约莫不动
	{from: "莫", to: "别", notAfter: "约落寂索", notBefore: "名非过大斯须测衷逆属干邪扎奈"},
	{from: "乜嘢", to: "什么"},
	// 粤语、武汉话的“冇得”是“没有”（我们平台冇得这个业务）
	{from: "冇得", to: "没有"},
	{from: "冇", to: "没"},
	// 粤语：唔 不（唔系、唔好意思、方唔方便；唔该不动，rules 用它认出粤语通话），唔使 不用，
	// 唔该晒 谢谢，点样 怎样，啱 对
	{from: "唔该晒", to: "谢谢晒"},
	{from: "系唔系", to: "是不是"},
	{from: "唔系", to: "不是"},
	{from: "唔使", to: "不用"},
	{from: "唔", to: "不", notBefore: "该"},
	{from: "点样", to: "怎样"},
	// 啱 对（咁讲系唔啱嘅：这样讲是不对的），啱啱 刚刚
	{from: "啱啱", to: "刚刚"},
	{from: "啱", to: "对"},
	// 湘语的“冒”在动词前是“没”（冒赶上、冒做到位、冒听清）；感冒、冒烟、冒充不在其中
	{from: "冒做", to: "没做", notAfter: "感"},
	{from: "冒赶", to: "没赶", notAfter: "感"},
	{from: "冒听", to: "没听", notAfter: "感"},
	{from: "冒讲", to: "没讲", notAfter: "感"},
	{from: "冒收", to: "没收", notAfter: "感"},
	{from: "冒看", to: "没看", notAfter: "感"},
	{from: "冒办", to: "没办", notAfter: "感"},
	{from: "冒通知", to: "没通知", notAfter: "感"},
	// 吴语（上海话）：侬 你，阿拉 我们，搿 这，勿 不，伐 吗（句末），哪能 怎么，讲清爽 讲清楚。
	// 请勿、切勿、砍伐、步伐、阿拉伯、口感清爽这些普通话词不动
	{from: "侬", to: "你"},
	{from: "搿", to: "这"},
	{from: "阿拉", to: "我们", notBefore: "伯善丁斯加木"},
	{from: "勿", to: "不", notAfter: "请切务毋", notBefore: "忘"},
	{from: "伐", to: "吗", notAfter: "砍采讨步征北杀攻诛口滥", notBefore: "木树林区"},
	{from: "哪能", to: "怎么"},
	{from: "清爽", to: "清楚", notAfter: "净感气凉鲜"},
	// 武汉话：句末的“啵”是“吗”（您稍等一下好啵？），“么”是“什么”（这是么态度）
	{from: "啵", to: "吗"},
	{from: "么态度", to: "啥态度", notAfter: "什怎那这多要为干"},
	{from: "么意思", to: "啥意思", notAfter: "什怎那这多要为干"},
	{from: "么东西", to: "啥东西", notAfter: "什怎那这多要为干"},
	{from: "么时候", to: "啥时候", notAfter: "什怎那这多要为干"},
	// 武汉话的“为么斯”是“为什么”
	{from: "么斯", to: "什么", notAfter: "那这怎什多要"},
	// 关中话的“额”是“我”；单说的“额”多是金额、额度（余额、限额、营业额），只收不会错的：
	{from: "额们", to: "我们"},
	{from: "听额说", to: "听我说"},
	// 闽南话：歹势 不好意思（抱歉），免客气 不客气，呒要紧 没关系
	{from: "歹势", to: "抱歉"},
	{from: "免客气", to: "不客气"},
	{from: "呒要紧", to: "没关系"},
}

// dialectLeads are the characters dialectWords begin with: classify marks them, and only
// where a text has one is it searched.
var dialectLeads = func() []rune {
	var out []rune
	for _, w := range dialectWords {
		if r := []rune(w.from)[0]; !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}()

// isDialectLead reports whether r begins one of dialectWords.
func isDialectLead(r rune) bool { return slices.Contains(dialectLeads, r) }

// foldDialect rewrites the dialect words of b, normalised text, in place, looking at the
// byte offsets in at (where build saw a character that may begin one), or at every
// character when at is nil.
func foldDialect(b []byte, at []int32) {
	if at != nil {
		for _, i := range at {
			foldAt(b, int(i))
		}
		return
	}
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c < 0x80:
			i++
		case c < 0xE0:
			i += 2
		case c >= 0xF0:
			i += 4
		default:
			foldAt(b, i)
			i += 3
		}
	}
}

// foldAt rewrites the dialect word that begins at b[i], if one does.
func foldAt(b []byte, i int) {
	if i+3 > len(b) || b[i] < 0xE0 || b[i] >= 0xF0 {
		return
	}
	if r := rune(b[i]&0x0f)<<12 | rune(b[i+1]&0x3f)<<6 | rune(b[i+2]&0x3f); !isDialectLead(r) {
		return
	}
	for k := range dialectWords {
		if w := &dialectWords[k]; i+len(w.from) <= len(b) && string(b[i:i+len(w.from)]) == w.from && w.allowed(b, i) {
			copy(b[i:], w.to)
			return
		}
	}
}

// allowed reports whether w, found at b[at:], stands where it is a dialect word: not
// just after a character of notAfter, nor just before one of notBefore (all three bytes).
func (w *dialectWord) allowed(b []byte, at int) bool {
	if w.notAfter != "" && at >= 3 && strings.Contains(w.notAfter, string(b[at-3:at])) {
		return false
	}
	end := at + len(w.from)
	return w.notBefore == "" || end+3 > len(b) || !strings.Contains(w.notBefore, string(b[end:end+3]))
}
