// Command gendict compiles gse's embedded Simplified Chinese dictionary into the compact
// form pkg/segment loads without parsing: the words sorted by their bytes, with gse's own
// path lengths (distances). Run by go generate in pkg/segment.
//
// Layout (little endian): "ZJD1", word count n, the longest word in units, log2 of the
// total frequency (float32), n+1 uint32 offsets into the word bytes, n float32 distances,
// then the word bytes.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/go-ego/gse"
)

func main() {
	out := "dict.bin"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	var seg gse.Segmenter
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		fail(err)
	}
	d := seg.Dictionary()
	type word struct {
		text string
		dist float32
	}
	logTotal := float32(math.Log2(d.TotalFreq()))
	words := make([]word, 0, len(d.Tokens))
	for i := range d.Tokens {
		t := &d.Tokens[i]
		// The distance gse's CalcToken computes for the token.
		words = append(words, word{t.Text(), logTotal - float32(math.Log2(t.Freq()))})
	}
	sort.Slice(words, func(i, j int) bool { return words[i].text < words[j].text })

	var buf bytes.Buffer
	w := func(v any) {
		if err := binary.Write(&buf, binary.LittleEndian, v); err != nil {
			fail(err)
		}
	}
	buf.WriteString("ZJD1")
	w(uint32(len(words)))
	w(uint32(d.MaxTokenLen()))
	w(logTotal)
	off := uint32(0)
	for _, x := range words {
		w(off)
		off += uint32(len(x.text))
	}
	w(off)
	for _, x := range words {
		w(x.dist)
	}
	for _, x := range words {
		buf.WriteString(x.text)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%s: %d words, %.1f MB\n", out, len(words), float64(buf.Len())/(1<<20))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendict:", err)
	os.Exit(1)
}
