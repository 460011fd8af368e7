package normalize

import "strings"

// Dialect question words, negations and pronouns folded into their Mandarin words, so a
// phrase written once matches the caller who says it in Hunan (何解, 么子, 冒得), Sichuan
// and Chongqing (啥子, 咋个, 啷个, 莫得), Hubei (么样), Shaanxi (额们) or Cantonese (冇,
// 乜嘢): 你这是么子态度
// is 你这是什么态度 to every pattern. Each word becomes one of as many characters, all
// three bytes in UTF-8, so the fold is done in place and the offset tables still hold.
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
	{from: "啥子", to: "什么"},
	{from: "咋个", to: "怎么"},
	{from: "啷个", to: "怎么"},
	{from: "冒得", to: "没有"},
	{from: "莫得", to: "没有"},
	{from: "乜嘢", to: "什么"},
	{from: "冇", to: "没"},
	// 湘语的“冒”在动词前是“没”（冒赶上、冒做到位、冒听清）；感冒、冒烟、冒充不在其中
	{from: "冒做", to: "没做", notAfter: "感"},
	{from: "冒赶", to: "没赶", notAfter: "感"},
	{from: "冒听", to: "没听", notAfter: "感"},
	{from: "冒讲", to: "没讲", notAfter: "感"},
	{from: "冒收", to: "没收", notAfter: "感"},
	{from: "冒看", to: "没看", notAfter: "感"},
	{from: "冒办", to: "没办", notAfter: "感"},
	{from: "冒通知", to: "没通知", notAfter: "感"},
	// 关中话的“额”是“我”；单说的“额”多是金额、额度（余额、限额、营业额），只收不会错的：
	{from: "额们", to: "我们"},
	{from: "听额说", to: "听我说"},
}

// isDialectLead reports whether r begins one of dialectWords: classify marks such a
// character, and only a text with one is searched.
func isDialectLead(r rune) bool {
	switch r {
	case '何', '么', '啥', '咋', '啷', '冒', '莫', '乜', '冇', '额', '听':
		return true
	}
	return false
}

// foldDialect rewrites the dialect words of b, normalised text, in place.
func foldDialect(b []byte) {
	s := string(b) // one copy: the words are found in it while b changes
	for _, w := range dialectWords {
		for from := 0; ; {
			k := strings.Index(s[from:], w.from)
			if k < 0 {
				break
			}
			at := from + k
			from = at + len(w.from)
			if w.notAfter != "" && at >= 3 && strings.Contains(w.notAfter, s[at-3:at]) {
				continue
			}
			if w.notBefore != "" && from+3 <= len(s) && strings.Contains(w.notBefore, s[from:from+3]) {
				continue
			}
			copy(b[at:], w.to)
		}
	}
}
