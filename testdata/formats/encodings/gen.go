//go:build ignore

// gen.go writes the encoding samples in this directory: one call,
// testdata/calls/forbidden-service.txt, saved in each encoding that
// pkg/source detects, plus a file of random bytes that must not be
// taken for text. See README.md for the list.
//
// Run it from the repository root:
//
//	go run testdata/formats/encodings/gen.go
//
// The output is deterministic (the random bytes come from a seeded generator),
// so running it again leaves the files unchanged.
package main

import (
	"bytes"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

const (
	src = "testdata/calls/forbidden-service.txt"
	dir = "testdata/formats/encodings"
)

func main() {
	log.SetFlags(0)
	data, err := os.ReadFile(src)
	if err != nil {
		log.Fatalf("%v (run from the repository root)", err)
	}
	text := string(data)

	// Taiwan standard with Taiwan phrases: 电脑 → 電腦, 信息 → 資訊.
	cc, err := opencc.New("s2twp")
	if err != nil {
		log.Fatal(err)
	}
	trad, err := cc.Convert(text)
	if err != nil {
		log.Fatal(err)
	}

	write("call-utf8-bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, data...))
	write("call-utf16le.txt", encode(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), text))
	write("call-utf16be.txt", encode(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), text))
	write("call-gbk.txt", encode(simplifiedchinese.GBK, text))
	// Every character of this call is in GBK, and GB18030 encodes those exactly as
	// GBK does: this file is byte for byte call-gbk.txt, and is detected as "gbk".
	write("call-gb18030.txt", encode(simplifiedchinese.GB18030, text))
	write("call-traditional-utf8.txt", []byte(trad))
	write("call-big5.txt", encode(traditionalchinese.Big5, trad))
	write("garbage.txt", garbage())
}

// encode fails on any character the encoding lacks, rather than writing a
// replacement that the tests would then have to expect.
func encode(e encoding.Encoding, s string) []byte {
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		log.Fatalf("%v: %v", e, err)
	}
	return b
}

// garbage returns about 2 000 random bytes in lines of 60: pairs of bytes from the
// GB2312 Chinese-character rows (lead 0xB0–0xF7, trail 0xA1–0xFE), keeping only
// pairs that GBK and Big5 both decode to a character. The file is well-formed in
// both, so only the character frequency check can tell that it is not text.
func garbage() []byte {
	r := rand.New(rand.NewPCG(20261103, 4))
	gbk := simplifiedchinese.GBK.NewDecoder()
	big5 := traditionalchinese.Big5.NewDecoder()
	valid := func(d *encoding.Decoder, p []byte) bool {
		out, err := d.Bytes(p)
		return err == nil && !bytes.ContainsRune(out, '\uFFFD')
	}
	var b bytes.Buffer
	for b.Len() < 2000 {
		for n := 0; n < 30; {
			p := []byte{byte(0xB0 + r.IntN(0xF7-0xB0+1)), byte(0xA1 + r.IntN(0xFE-0xA1+1))}
			if valid(gbk, p) && valid(big5, p) {
				b.Write(p)
				n++
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func write(name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		log.Fatal(err)
	}
}
