// Command gentrad lists the characters OpenCC's t2s conversion changes, as a bitmap over
// the Basic Multilingual Plane, so normalize only runs the converter on text that has
// one. Run by go generate in pkg/normalize.
package main

import (
	"fmt"
	"os"

	"github.com/longbridgeapp/opencc"
)

func main() {
	out := "traditional.bin"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	cc, err := opencc.New("t2s")
	if err != nil {
		fail(err)
	}
	bitmap := make([]byte, 0x10000/8)
	count := 0
	for r := rune(0x80); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s, err := cc.Convert(string(r))
		if err != nil {
			fail(err)
		}
		if s != string(r) {
			bitmap[r/8] |= 1 << (r % 8)
			count++
		}
	}
	if err := os.WriteFile(out, bitmap, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%s: %d characters t2s converts\n", out, count)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gentrad:", err)
	os.Exit(1)
}
