// Command floor is the floor of zhijian's job, for the speed benchmarks
// (testdata/bench/floor.sh): walk a folder, read each file, parse "ROLE：text" lines,
// drop punctuation, make one Aho–Corasick pass per utterance over the anchor literals of
// the active rulebook, and write one compact JSON line per call — or, with -report, an
// indented JSON report of each call's utterances. No normalisation, segmentation, rule,
// score or tolerance: every speed claim is a ratio to this as well as to grep.
//
//	go run ./testdata/bench/floor [-rules FILE] [-report] [-o FILE] DIR
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
)

func main() {
	rules := flag.String("rules", "", "rulebook (default: the embedded default)")
	indented := flag.Bool("report", false, "write an indented JSON report of every utterance")
	out := flag.String("o", "-", "output file")
	flag.Parse()
	cfg := pipeline.Config{}
	if *rules != "" {
		cfg.Rules = []string{*rules}
	}
	rb, err := pipeline.LoadRulebook(cfg, nil)
	if err != nil {
		fail(err)
	}
	ac := newAC(rb.Matcher.AnchorLiterals())
	var w *bufio.Writer
	if *out == "-" {
		w = bufio.NewWriterSize(os.Stdout, 1<<16)
	} else {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		w = bufio.NewWriterSize(f, 1<<16)
	}
	defer w.Flush()
	var line []byte
	buf := make([]byte, 0, 4096)
	type utt struct {
		Role string `json:"role"`
		Text string `json:"text"`
		Hits int    `json:"hits"`
	}
	err = filepath.WalkDir(flag.Arg(0), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var utts []utt
		hits, n := 0, 0
		for len(data) > 0 {
			l := data
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				l, data = data[:i], data[i+1:]
			} else {
				data = nil
			}
			role, text, ok := cut(l)
			if !ok {
				continue
			}
			buf = appendWords(buf[:0], text)
			h := ac.count(buf)
			hits += h
			n++
			if *indented {
				utts = append(utts, utt{string(role), string(text), h})
			}
		}
		if *indented {
			b, err := json.MarshalIndent(map[string]any{"path": path, "hits": hits, "utterances": utts}, "", "  ")
			if err != nil {
				return err
			}
			w.Write(b)
			w.WriteByte('\n')
			return nil
		}
		line = append(line[:0], `{"path":`...)
		line = strconv.AppendQuote(line, path)
		line = append(line, `,"utterances":`...)
		line = strconv.AppendInt(line, int64(n), 10)
		line = append(line, `,"hits":`...)
		line = strconv.AppendInt(line, int64(hits), 10)
		line = append(line, "}\n"...)
		w.Write(line)
		return nil
	})
	if err != nil {
		fail(err)
	}
}

// cut splits "ROLE：text" (or "ROLE:text"), after a leading "[time]" if any, the label
// within 16 bytes.
func cut(l []byte) (role, text []byte, ok bool) {
	if len(l) > 0 && l[0] == '#' {
		return nil, nil, false // a metadata header
	}
	if len(l) > 0 && l[0] == '[' {
		if i := bytes.IndexByte(l, ']'); i > 0 {
			l = bytes.TrimLeft(l[i+1:], " ")
		}
	}
	head := l[:min(len(l), 16)]
	if i := bytes.Index(head, []byte("：")); i > 0 {
		return l[:i], l[i+len("："):], true
	}
	if i := bytes.IndexByte(head, ':'); i > 0 {
		return l[:i], l[i+1:], true
	}
	return nil, nil, false
}

// appendWords appends the letters and digits of text: punctuation and spaces dropped.
func appendWords(buf, text []byte) []byte {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			buf = append(buf, text[i:i+size]...)
		}
		i += size
	}
	return buf
}

// ac is an Aho–Corasick automaton over bytes, as a flat table: each byte maps to a
// class (the bytes no literal holds share class 0), each state has a row of next states
// by class with failure links folded in, and out counts the literals ending there. Rows
// of classes, not of 256 bytes, keep the table a third the size, in cache.
type ac struct {
	class   [256]uint16
	classes int
	next    []uint32 // state*classes + class
	out     []uint32
}

func newAC(lits []string) *ac {
	a := &ac{}
	for _, s := range lits {
		for i := 0; i < len(s); i++ {
			if a.class[s[i]] == 0 {
				a.classes++
				a.class[s[i]] = uint16(a.classes)
			}
		}
	}
	a.classes++ // class 0 too
	k := a.classes
	a.next = make([]uint32, k) // the root
	a.out = make([]uint32, 1)
	for _, s := range lits {
		st := uint32(0)
		for i := 0; i < len(s); i++ {
			c := uint32(a.class[s[i]])
			if a.next[st*uint32(k)+c] == 0 {
				a.next = append(a.next, make([]uint32, k)...)
				a.out = append(a.out, 0)
				a.next[st*uint32(k)+c] = uint32(len(a.out) - 1)
			}
			st = a.next[st*uint32(k)+c]
		}
		a.out[st]++
	}
	// Breadth first: fold each state's failure into its missing transitions.
	fail := make([]uint32, len(a.out))
	var queue []uint32
	for c := 0; c < k; c++ {
		if s := a.next[c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		a.out[st] += a.out[fail[st]]
		row, frow := a.next[int(st)*k:int(st+1)*k], a.next[int(fail[st])*k:int(fail[st]+1)*k]
		for c := 0; c < k; c++ {
			if s := row[c]; s != 0 {
				fail[s] = frow[c]
				queue = append(queue, s)
			} else {
				row[c] = frow[c]
			}
		}
	}
	return a
}

// count is how many literal occurrences text holds.
func (a *ac) count(text []byte) int {
	k := uint32(a.classes)
	st, n := uint32(0), uint32(0)
	for _, c := range text {
		st = a.next[st*k+uint32(a.class[c])]
		n += a.out[st]
	}
	return int(n)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(2)
}
