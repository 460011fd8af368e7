package source_test

// Native fuzz target for encoding detection and decoding (issue #10). Run it with
//
//	go test ./pkg/source -run '^$' -fuzz '^FuzzDecode$' -fuzztime 60s
//
// or with every other target through testdata/fuzz/run.sh.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

// encodings are the canonical names Decode may return or be forced to.
var encodings = []string{source.UTF8, source.UTF16LE, source.UTF16BE, source.GBK, source.GB18030, source.Big5}

func isEncoding(name string) bool {
	for _, e := range encodings {
		if e == name {
			return true
		}
	}
	return false
}

// checkDecodeError checks that err is a *source.Error with the wanted path, at a line
// of the input or none.
func checkDecodeError(t *testing.T, data []byte, err error, path string) {
	t.Helper()
	var se *source.Error
	if !errors.As(err, &se) {
		t.Fatalf("error is %T, not *source.Error: %v", err, err)
	}
	if se.Path != path {
		t.Fatalf("error path %q, want %q: %v", se.Path, path, err)
	}
	if path != "" && !strings.HasPrefix(err.Error(), path+":") {
		t.Fatalf("error does not name %q: %v", path, err)
	}
	if lines := bytes.Count(data, []byte{'\n'}) + 1; se.Line < 0 || se.Line > lines {
		t.Fatalf("error at line %d of %d: %v", se.Line, lines, err)
	}
	if se.Msg == "" {
		t.Fatal("error without a message")
	}
}

// checkText checks decoded text: valid UTF-8 without NUL characters.
func checkText(t *testing.T, text, enc string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Fatalf("%s text is not valid UTF-8: %q", enc, text)
	}
	if strings.IndexByte(text, 0) >= 0 {
		t.Fatalf("%s text has a NUL character: %q", enc, text)
	}
}

func FuzzDecode(f *testing.F) {
	for _, g := range []string{"testdata/formats/encodings/*.txt", "testdata/formats/broken/*", "testdata/calls/compliant-*.txt"} {
		paths, err := filepath.Glob(filepath.Join("..", "..", g))
		if err != nil || len(paths) == 0 {
			f.Fatalf("no sample files for %s: %v", g, err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\xFF\xFE\x00\x00", "\xFF\xFEa", "\xFE\xFF\xD8\x00",
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "\x80", "\x81\x30\x81", "\x84\x31\xA4\x37",
		"坐席：您好\n客户：\xff\xfe\n", "\xc4\xe3\xba\xc3", "\xa7\x41\xa6\x6e",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(10 * time.Second)()
		text, used, err := source.Decode(data, "")
		name, derr := source.DetectEncoding(data)
		if (err == nil) != (derr == nil) || name != used {
			t.Fatalf("Decode and DetectEncoding disagree: %q %v / %q %v", used, err, name, derr)
		}
		if err != nil {
			checkDecodeError(t, data, err, "")
			if text != "" || used != "" {
				t.Fatalf("text or encoding returned with an error: %q %q", used, text)
			}
		} else {
			if !isEncoding(used) {
				t.Fatalf("unknown encoding name %q", used)
			}
			checkText(t, text, used)
			if used == source.UTF8 && text != strings.TrimPrefix(string(data), "\uFEFF") {
				t.Fatal("UTF-8 text changed in decoding")
			}
			// What was detected decodes the same when forced.
			forced, _, ferr := source.Decode(data, used)
			if ferr != nil || forced != text {
				t.Fatalf("forcing the detected %s gives %v, %q; detected %q", used, ferr, forced, text)
			}
		}

		for _, enc := range encodings {
			text, used, err := source.Decode(data, enc)
			if err != nil {
				checkDecodeError(t, data, err, "")
				continue
			}
			if used != enc {
				t.Fatalf("forced %s, used %s", enc, used)
			}
			checkText(t, text, enc)
		}

		// Read names the input in every error; standard input stands in for a file.
		for _, max := range []int64{0, int64(len(data)), int64(len(data)) - 1} {
			if max < 0 {
				continue
			}
			rt, err := source.Read(source.Input{Path: source.Stdin}, bytes.NewReader(data), source.ReadOptions{MaxSize: max})
			if err != nil {
				checkDecodeError(t, data, err, source.Stdin)
				continue
			}
			if max > 0 && int64(len(data)) > max {
				t.Fatalf("%d bytes read with a limit of %d", len(data), max)
			}
			checkText(t, rt, "read")
		}
	})
}

// watchdog crashes the fuzzing process, with every goroutine's stack, if the input is
// still being worked on after d: the fuzzer then keeps the input as a failure, where a
// plain infinite loop would only stall it. Call the returned function when done.
func watchdog(d time.Duration) func() bool {
	return time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic(fmt.Sprintf("input still being worked on after %v (a hang?)\n%s", d, buf[:n]))
	}).Stop
}
