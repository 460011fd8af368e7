// Package msg is the message catalogue: every text a QA user reads, in Chinese and
// English, under one key. Code names a message by its key and the language is picked
// when the text is rendered, never by splitting a bilingual literal.
package msg

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// Lang is the language a message is rendered in.
type Lang uint8

const (
	// Both renders "中文 / English": the default, read by QA staff and engineers alike;
	// report writers show one half of a detail stored this way.
	Both Lang = iota
	ZH
	EN
)

// ParseLang reads "zh", "en" or "both" (empty is Both).
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "both":
		return Both, true
	case "zh", "zh-cn", "zh_cn", "cn":
		return ZH, true
	case "en", "en-us", "en_us":
		return EN, true
	}
	return Both, false
}

var current atomic.Uint32

// SetLang sets the language messages are rendered in; the CLI calls it once, from
// --lang or ZHIJIAN_LANG.
func SetLang(l Lang) { current.Store(uint32(l)) }

// Current is the language messages are rendered in.
func Current() Lang { return Lang(current.Load()) }

// Sprintf renders the message key with args in l.
func (l Lang) Sprintf(key string, args ...any) string {
	e := lookup(key)
	switch l {
	case ZH:
		return e.zh.sprintf(args)
	case EN:
		return e.en.sprintf(args)
	}
	zh := e.zhInBoth.sprintf(args)
	return zh + separator(zh) + e.enInBoth.sprintf(args)
}

// separator joins Chinese to English: "/ " after full-width punctuation, which carries
// its own space ("（可用 zh、en）/ unknown"), " / " otherwise.
func separator(zh string) string {
	r, _ := utf8.DecodeLastRuneInString(zh)
	if r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r == '”' || r == '’' {
		return "/ "
	}
	return " / "
}

// Append adds the message key to text, which was rendered in the current language: to
// each half its own language when that is Both.
func Append(text, key string, args ...any) string {
	l := Current()
	if zh, en, ok := Split(text); ok && l == Both {
		e := lookup(key)
		zh += e.zh.sprintf(args)
		return zh + separator(zh) + en + " " + e.en.sprintf(args)
	}
	if l == ZH {
		return text + ZH.Sprintf(key, args...)
	}
	return text + " " + l.Sprintf(key, args...)
}

// Split is the Chinese and the English half of a text rendered in Both; ok is false
// for a text in one language. Reports keep finding details as rendered text, and
// their writers take them apart with it to show one language.
func Split(s string) (zh, en string, ok bool) {
	for i := 0; i+2 <= len(s); i++ {
		if s[i] != '/' || s[i+1] != ' ' || i == 0 {
			continue
		}
		if s[i-1] == ' ' {
			return s[:i-1], s[i+2:], true
		}
		if separator(s[:i]) == "/ " {
			return s[:i], s[i+2:], true
		}
	}
	return s, "", false
}

// Sprintf renders the message key with args in the current language.
func Sprintf(key string, args ...any) string { return Current().Sprintf(key, args...) }

// SprintfEach renders the message key in the current language with arguments that are
// themselves messages: args(l) gives them rendered in l, so each half of a text in Both
// quotes its own language.
func SprintfEach(key string, args func(l Lang) []any) string {
	l := Current()
	if l != Both {
		return l.Sprintf(key, args(l)...)
	}
	e := lookup(key)
	zh := e.zhInBoth.sprintf(args(ZH))
	return zh + separator(zh) + e.enInBoth.sprintf(args(EN))
}

// Error is a catalogued error: its text is rendered in the current language when read,
// and it wraps the errors among its arguments that its message formats with %w.
type Error struct {
	key  string
	args []any
}

// Errorf is the error with message key and args; %w in the message wraps as in
// fmt.Errorf.
func Errorf(key string, args ...any) error { return &Error{key: key, args: args} }

func (e *Error) Error() string { return Current().Sprintf(e.key, e.args...) }

// In is the error's text in l.
func (e *Error) In(l Lang) string { return l.Sprintf(e.key, e.args...) }

// Key is the message's catalogue key.
func (e *Error) Key() string { return e.key }

// Unwrap is the errors the message wraps (its %w arguments).
func (e *Error) Unwrap() []error {
	var errs []error
	for _, i := range lookup(e.key).wraps {
		if i < len(e.args) {
			if err, ok := e.args[i].(error); ok {
				errs = append(errs, err)
			}
		}
	}
	return errs
}

// entry is one catalogued message: each language alone and as half of both.
type entry struct {
	zh, en, zhInBoth, enInBoth format
	wraps                      []int // argument indexes formatted with %w
}

// format is a message in one language ready for fmt.Sprintf: %w turned into %v, the
// ⟦ ⟧ parts kept or dropped, and the number of arguments it takes.
type format struct {
	text string
	args int
}

func newFormat(s string, alone bool) format {
	var b strings.Builder
	for {
		open := strings.Index(s, "⟦")
		if open < 0 {
			b.WriteString(s)
			break
		}
		end := strings.Index(s[open:], "⟧")
		if end < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:open])
		if alone {
			b.WriteString(s[open+len("⟦") : open+end])
		}
		s = s[open+end+len("⟧"):]
	}
	text, _ := unwrapVerbs(b.String())
	return format{text: text, args: argCount(text)}
}

// sprintf formats args, given only as many as the format takes: a language that
// leaves out the last arguments must not have fmt append them as EXTRA.
func (f format) sprintf(args []any) string {
	return fmt.Sprintf(f.text, args[:min(f.args, len(args))]...)
}

// argCount is the number of arguments format takes.
func argCount(format string) int {
	n := 0
	for _, v := range Verbs(format) {
		n = max(n, v.Arg+1)
	}
	return n
}

// compiled holds the catalogue with %w turned into %v, which fmt.Sprintf prints.
var compiled = func() map[string]*entry {
	m := make(map[string]*entry, len(catalogue))
	for key, t := range catalogue {
		e := &entry{zh: newFormat(t[0], true), en: newFormat(t[1], true),
			zhInBoth: newFormat(t[0], false), enInBoth: newFormat(t[1], false)}
		for _, v := range append(Verbs(t[0]), Verbs(t[1])...) {
			if v.Verb == 'w' && !slices.Contains(e.wraps, v.Arg) {
				e.wraps = append(e.wraps, v.Arg)
			}
		}
		m[key] = e
	}
	return m
}()

func lookup(key string) *entry {
	if e, ok := compiled[key]; ok {
		return e
	}
	// A key outside the catalogue is a bug the catalogue test catches; show it rather
	// than panic in front of a user.
	f := format{text: "%!(msg " + key + ")"}
	return &entry{zh: f, en: f, zhInBoth: f, enInBoth: f}
}

// unwrapVerbs replaces %w by %v in format and says which arguments they take.
func unwrapVerbs(format string) (string, []int) {
	var wraps []int
	vs := Verbs(format)
	if len(vs) == 0 {
		return format, nil
	}
	b := []byte(format)
	for _, v := range vs {
		if v.Verb == 'w' {
			b[v.End-1] = 'v'
			wraps = append(wraps, v.Arg)
		}
	}
	return string(b), wraps
}

// Verb is one formatting verb of a message: the argument it takes and where it ends.
type Verb struct {
	Arg  int // 0-based argument index
	Verb byte
	End  int
}

// Verbs lists the formatting verbs of format in order, following fmt's rules for
// explicit argument indexes ("%[2]s").
func Verbs(format string) []Verb {
	var vs []Verb
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '[' || format[i] == '*') {
			if format[i] == '[' {
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					break
				}
				n := 0
				fmt.Sscanf(format[i+1:i+j], "%d", &n)
				arg = n - 1
				i += j
			} else if format[i] == '*' {
				arg++
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		vs = append(vs, Verb{Arg: arg, Verb: format[i], End: i + 1})
		arg++
	}
	return vs
}

// Has says whether key is catalogued.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys lists the catalogued keys, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Formats is key's message as written in the catalogue, Chinese then English.
func Formats(key string) (zh, en string) { t := catalogue[key]; return t[0], t[1] }
