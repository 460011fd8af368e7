package source_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

// encDir holds the samples written by testdata/formats/encodings/gen.go.
const encDir = "../../testdata/formats/encodings/"

// original is the call the samples were made from.
const original = "../../testdata/calls/forbidden-service.txt"

const (
	msgCannotDetect = "无法识别文件编码（不是 UTF-8，也不像 GBK 或 Big5），请用 --encoding 指定 / cannot detect the encoding; use --encoding"
	msgAmbiguous    = "无法确定文件编码（文字太少，分不清 GBK 和 Big5），请用 --encoding 指定 / cannot tell GBK from Big5 in so little text; use --encoding"
	msgBinary       = "二进制文件，不是文本转写 / binary file, not a text transcript"
)

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

// checkError checks that err is an *Error for path with exactly msg and line.
func checkError(t *testing.T, err error, path, msg string, line int) {
	t.Helper()
	var e *source.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want *source.Error %q", err, err, msg)
	}
	if e.Path != path || e.Line != line || e.Msg != msg {
		t.Errorf("got  Path %q Line %d Msg %q\nwant Path %q Line %d Msg %q", e.Path, e.Line, e.Msg, path, line, msg)
	}
}

func TestDetectSamples(t *testing.T) {
	simplified := readString(t, original)
	traditional := readString(t, encDir+"call-traditional-utf8.txt")
	if traditional == simplified || !strings.Contains(traditional, "電腦") {
		t.Fatal("call-traditional-utf8.txt is not the Traditional form of the call; rerun gen.go")
	}

	tests := []struct {
		file    string
		wantEnc string
		want    string
	}{
		{original, "utf-8", simplified},
		{encDir + "call-utf8-bom.txt", "utf-8", simplified},
		{encDir + "call-utf16le.txt", "utf-16le", simplified},
		{encDir + "call-utf16be.txt", "utf-16be", simplified},
		{encDir + "call-gbk.txt", "gbk", simplified},
		// Byte for byte call-gbk.txt: nothing in it needs GB18030's four-byte codes.
		{encDir + "call-gb18030.txt", "gbk", simplified},
		{encDir + "call-traditional-utf8.txt", "utf-8", traditional},
		{encDir + "call-big5.txt", "big5", traditional},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if enc, err := source.DetectEncoding(data); err != nil || enc != tt.wantEnc {
				t.Errorf("DetectEncoding = %q, %v; want %q", enc, err, tt.wantEnc)
			}
			for _, in := range []source.Input{{Path: tt.file}, {Path: "-"}} {
				text, enc, err := source.ReadDecoded(in, bytes.NewReader(data), source.ReadOptions{})
				if err != nil {
					t.Fatalf("%s: %v", in.Path, err)
				}
				if enc != tt.wantEnc {
					t.Errorf("%s: encoding %q, want %q", in.Path, enc, tt.wantEnc)
				}
				if text != tt.want {
					t.Errorf("%s: text differs from the original:\n%s", in.Path, text)
				}
			}
		})
	}
}

func TestDetectGarbage(t *testing.T) {
	path := encDir + "garbage.txt"
	text, enc, err := source.ReadDecoded(source.Input{Path: path}, nil, source.ReadOptions{})
	if text != "" || enc != "" {
		t.Errorf("got %q, %q; want nothing", enc, text)
	}
	checkError(t, err, path, msgCannotDetect, 0)
	if want := path + ": " + msgCannotDetect; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestReadForcedEncoding(t *testing.T) {
	simplified := readString(t, original)
	traditional := readString(t, encDir+"call-traditional-utf8.txt")
	tests := []struct {
		file     string
		encoding string
		wantEnc  string
		want     string
	}{
		{original, "", "utf-8", simplified},
		{original, "auto", "utf-8", simplified},
		{original, "UTF8", "utf-8", simplified},
		{encDir + "call-utf8-bom.txt", "utf-8", "utf-8", simplified},
		{encDir + "call-utf16le.txt", "UTF-16LE", "utf-16le", simplified},
		{encDir + "call-utf16le.txt", "utf-16", "utf-16le", simplified}, // WHATWG label
		{encDir + "call-utf16be.txt", "utf-16be", "utf-16be", simplified},
		{encDir + "call-gbk.txt", "gbk", "gbk", simplified},
		{encDir + "call-gbk.txt", "GB2312", "gbk", simplified},
		{encDir + "call-gbk.txt", "cp936", "gbk", simplified},
		{encDir + "call-gbk.txt", "csGB2312", "gbk", simplified}, // WHATWG label
		{encDir + "call-gb18030.txt", "GB18030", "gb18030", simplified},
		{encDir + "call-big5.txt", "Big5", "big5", traditional},
		{encDir + "call-big5.txt", "big5-hkscs", "big5", traditional},
		{encDir + "call-big5.txt", "cp950", "big5", traditional},
		{encDir + "call-traditional-utf8.txt", "utf-8", "utf-8", traditional},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file)+"/"+tt.encoding, func(t *testing.T) {
			in := source.Input{Path: tt.file}
			text, enc, err := source.ReadDecoded(in, nil, source.ReadOptions{Encoding: tt.encoding})
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.wantEnc || text != tt.want {
				t.Errorf("got %q and text:\n%s\nwant %q", enc, text, tt.wantEnc)
			}
			if got, err := source.Read(in, nil, source.ReadOptions{Encoding: tt.encoding}); err != nil || got != text {
				t.Errorf("Read disagrees with ReadDecoded: %v", err)
			}
		})
	}
}

func TestReadForcedEncodingErrors(t *testing.T) {
	le := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	tests := []struct {
		name     string
		file     string // a sample in encDir, or
		data     []byte // these bytes in a temporary file
		encoding string
		wantMsg  string
		wantLine int
	}{
		{
			name: "gbk read as utf-8", file: "call-gbk.txt", encoding: "utf-8",
			wantMsg: "第 3 行不是有效的 UTF-8 编码 / line 3 is not valid UTF-8", wantLine: 3,
		},
		{
			name: "gbk read as big5", file: "call-gbk.txt", encoding: "big5",
			wantMsg: "第 11 行不是有效的 Big5 编码 / line 11 is not valid Big5", wantLine: 11,
		},
		{
			name: "big5 read as gbk", file: "call-big5.txt", encoding: "gbk",
			wantMsg: "第 5 行不是有效的 GBK 编码 / line 5 is not valid GBK", wantLine: 5,
		},
		{
			name: "big5 read as gb18030", file: "call-big5.txt", encoding: "gb18030",
			wantMsg: "第 5 行不是有效的 GB18030 编码 / line 5 is not valid GB18030", wantLine: 5,
		},
		{
			name: "utf-8 bom read as gbk", file: "call-utf8-bom.txt", encoding: "gbk",
			wantMsg:  "文件以 UTF-8 字节顺序标记（BOM）开头，与指定的编码 GBK 不符 / the file starts with a UTF-8 byte order mark, not GBK",
			wantLine: 1,
		},
		{
			name: "utf-16le bom read as utf-16be", file: "call-utf16le.txt", encoding: "utf-16be",
			wantMsg:  "文件以 UTF-16LE 字节顺序标记（BOM）开头，与指定的编码 UTF-16BE 不符 / the file starts with a UTF-16LE byte order mark, not UTF-16BE",
			wantLine: 1,
		},
		{
			name: "utf-16be bom read as big5", file: "call-utf16be.txt", encoding: "big5",
			wantMsg:  "文件以 UTF-16BE 字节顺序标记（BOM）开头，与指定的编码 Big5 不符 / the file starts with a UTF-16BE byte order mark, not Big5",
			wantLine: 1,
		},
		{
			name: "utf-16le without bom read as utf-16be", data: encode(t, le, "坐席：您好\n客户：喂\n"), encoding: "utf-16be",
			wantMsg: "字节顺序似乎不对，像是 UTF-16LE / the byte order looks wrong; this looks like UTF-16LE",
		},
		{
			name: "utf-16 odd length", data: append(encode(t, le, "甲\n乙\n"), 'x'), encoding: "utf-16le",
			wantMsg: "第 3 行不是有效的 UTF-16LE 编码 / line 3 is not valid UTF-16LE", wantLine: 3,
		},
		{
			name: "utf-16 unpaired surrogate", data: append(encode(t, le, "甲\n乙"), 0x00, 0xD8, 'a', 0), encoding: "utf-16le",
			wantMsg: "第 2 行不是有效的 UTF-16LE 编码 / line 2 is not valid UTF-16LE", wantLine: 2,
		},
		{
			name: "nul in gbk", data: append(encode(t, simplifiedchinese.GBK, "坐席：您好"), 0), encoding: "gbk",
			wantMsg: msgBinary,
		},
		{
			name: "nul in utf-16", data: encode(t, le, "甲\x00"), encoding: "utf-16le",
			wantMsg: msgBinary,
		},
		{
			name: "unknown encoding", file: "call-gbk.txt", encoding: "shift_jis",
			wantMsg: `不支持的编码 "shift_jis"（可用：utf-8、utf-16le、utf-16be、gbk、gb18030、big5）/ unsupported encoding "shift_jis" (supported: utf-8, utf-16le, utf-16be, gbk, gb18030, big5)`,
		},
		{
			name: "made-up encoding", file: "call-gbk.txt", encoding: "klingon",
			wantMsg: `不支持的编码 "klingon"（可用：utf-8、utf-16le、utf-16be、gbk、gb18030、big5）/ unsupported encoding "klingon" (supported: utf-8, utf-16le, utf-16be, gbk, gb18030, big5)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := encDir + tt.file
			if tt.data != nil {
				path = filepath.Join(t.TempDir(), "call.txt")
				if err := os.WriteFile(path, tt.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			text, err := source.Read(source.Input{Path: path}, nil, source.ReadOptions{Encoding: tt.encoding})
			if text != "" {
				t.Errorf("got text %q with the error", text)
			}
			checkError(t, err, path, tt.wantMsg, tt.wantLine)
		})
	}
}

func TestDecodeBig5TwoCharacterCodes(t *testing.T) {
	// Big5-HKSCS 88 62 is Ê with a combining macron: two characters for one code.
	data := append(encode(t, traditionalchinese.Big5, "客戶：您好，"), 0x88, 0x62, '\n')
	text, enc, err := source.Decode(data, "big5")
	if want := "客戶：您好，\u00CA\u0304\n"; text != want || enc != "big5" || err != nil {
		t.Errorf("got %q, %q, %v; want %q", text, enc, err, want)
	}
}

func TestReadForcedUTF16WithoutBOM(t *testing.T) {
	const s = "坐席：您好\n客户：喂\n"
	for _, tt := range []struct {
		enc   string
		order unicode.Endianness
	}{{"utf-16le", unicode.LittleEndian}, {"utf-16be", unicode.BigEndian}} {
		data := encode(t, unicode.UTF16(tt.order, unicode.IgnoreBOM), s)
		text, enc, err := source.Decode(data, tt.enc)
		if err != nil || text != s || enc != tt.enc {
			t.Errorf("%s: got %q, %q, %v", tt.enc, text, enc, err)
		}
		// Without --encoding it is refused, with the encoding to give.
		_, _, err = source.Decode(data, "")
		name := strings.ToUpper(tt.enc)
		checkError(t, err, "", "看起来是没有字节顺序标记（BOM）的 "+name+" 文本，请用 --encoding "+tt.enc+
			" / looks like "+name+" text without a byte order mark: use --encoding "+tt.enc, 0)
	}
}

func TestDetectEncoding(t *testing.T) {
	random := make([]byte, 3000)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(0x80 + r.IntN(0x80))
	}
	gbk := func(s string) []byte { return encode(t, simplifiedchinese.GBK, s) }
	big5 := func(s string) []byte { return encode(t, traditionalchinese.Big5, s) }

	tests := []struct {
		name     string
		data     []byte
		wantEnc  string
		want     string // the text, when not the input as given to gbk/big5
		wantMsg  string // error message, "" for success
		wantLine int
	}{
		{name: "empty", data: nil, wantEnc: "utf-8"},
		{name: "ascii", data: []byte("# call_id: 1\n[00:00:01] agent: hello\n"), wantEnc: "utf-8", want: "# call_id: 1\n[00:00:01] agent: hello\n"},

		// Mixed with ASCII: timestamps, ids and English words do not disturb the score.
		{
			name: "gbk mixed with ascii", data: gbk("[00:00:01] Agent 1102: Hello, ID 12345, 您好，请问有什么可以帮您？ OK\n"),
			wantEnc: "gbk", want: "[00:00:01] Agent 1102: Hello, ID 12345, 您好，请问有什么可以帮您？ OK\n",
		},
		{
			name: "big5 mixed with ascii", data: big5("[00:00:01] Agent 1102: Hello, ID 12345, 您好，請問有什麼可以幫您？ OK\n"),
			wantEnc: "big5", want: "[00:00:01] Agent 1102: Hello, ID 12345, 您好，請問有什麼可以幫您？ OK\n",
		},
		{
			name: "traditional characters in gbk", data: gbk("坐席：您好，請問有什麼可以幫您？\n"),
			wantEnc: "gbk", want: "坐席：您好，請問有什麼可以幫您？\n",
		},
		{
			name: "gb18030 four-byte character", data: encode(t, simplifiedchinese.GB18030, "客户：我姓𠮷，𠮷祥的𠮷。\n"),
			wantEnc: "gb18030", want: "客户：我姓𠮷，𠮷祥的𠮷。\n",
		},
		{
			name: "cp936 euro sign", data: gbk("客户：这个套餐是80€一个月吗？"),
			wantEnc: "gbk", want: "客户：这个套餐是80€一个月吗？",
		},

		// Short inputs.
		{name: "short big5", data: big5("你好"), wantEnc: "big5", want: "你好"},
		{name: "short gbk with punctuation", data: gbk("好的，谢谢"), wantEnc: "gbk", want: "好的，谢谢"},
		{
			// Well formed in both; two characters are not enough to choose.
			name: "short gbk is ambiguous", data: gbk("你好"), wantMsg: msgAmbiguous,
		},
		{
			// Big5 reads these bytes as "問問﹝", which scores better: refused, not guessed.
			name: "short gbk that reads better as big5", data: gbk("拜拜。"), wantMsg: msgAmbiguous,
		},
		{
			// Valid UTF-8 comes first: one GBK character can be a UTF-8 one (学 is
			// D1 A7, U+0467). Files long enough to be transcripts are not.
			name: "one gbk character that is valid utf-8", data: gbk("学"), wantEnc: "utf-8", want: "ѧ",
		},

		// Neither encoding.
		{name: "random high bytes", data: random, wantMsg: msgCannotDetect},
		{name: "latin-1", data: []byte("caf\xe9 cr\xe8me br\xfbl\xe9e\n"), wantMsg: msgCannotDetect},
		{name: "shift_jis", data: encode(t, japanese.ShiftJIS, "こんにちは、お電話ありがとうございます。"), wantMsg: msgCannotDetect},
		{name: "euc-kr", data: encode(t, korean.EUCKR, "안녕하세요, 무엇을 도와드릴까요?"), wantMsg: msgCannotDetect},
		{
			name: "utf-8 with a gbk line", data: append([]byte("坐席：您好\n客户：喂\n"), gbk("坐席：您好\n")...),
			wantMsg:  "第 3 行不是有效的 UTF-8 编码（GBK 等编码请用 --encoding 指定）/ line 3 is not valid UTF-8",
			wantLine: 3,
		},
		{
			name: "utf-8 bom then invalid", data: append([]byte("\xEF\xBB\xBF坐席：您好\n"), gbk("您")...),
			wantMsg: "第 2 行不是有效的 UTF-8 编码 / line 2 is not valid UTF-8", wantLine: 2,
		},
		{name: "nul in gbk", data: append(gbk("坐席：您好，请问有什么可以帮您？"), 0), wantMsg: msgBinary},
		{name: "utf-32le bom", data: []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, wantMsg: msgBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := source.Decode(tt.data, "")
			if tt.wantMsg != "" {
				if text != "" || enc != "" {
					t.Errorf("got %q, %q with the error", enc, text)
				}
				checkError(t, err, "", tt.wantMsg, tt.wantLine)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == "" {
				want = string(tt.data)
			}
			if enc != tt.wantEnc || text != want {
				t.Errorf("got %q %q, want %q %q", enc, text, tt.wantEnc, want)
			}
			if got, err := source.DetectEncoding(tt.data); got != enc || err != nil {
				t.Errorf("DetectEncoding = %q, %v; Decode said %q", got, err, enc)
			}
		})
	}
}

// TestDetectUtterances measures detection on every call in testdata/calls and on each
// of their utterances alone, in GBK and (converted to Traditional) Big5: whole calls
// must all be detected, and no utterance, however short, may be decoded wrongly
// (an error is allowed for short ones).
func TestDetectUtterances(t *testing.T) {
	cc, err := opencc.New("s2twp")
	if err != nil {
		t.Fatal(err)
	}
	calls, err := filepath.Glob("../../testdata/calls/*.txt")
	if err != nil || len(calls) == 0 {
		t.Fatalf("no calls: %v", err)
	}
	type count struct{ n, ok, refused int }
	counts := map[string]*count{"gbk": {}, "big5": {}}
	check := func(what, s, enc string, data []byte, mayRefuse bool) {
		text, got, err := source.Decode(data, "")
		c := counts[enc]
		c.n++
		switch {
		case err != nil && mayRefuse:
			c.refused++
		case err != nil:
			t.Errorf("%s %s: %v", enc, what, err)
		case got != enc || text != s:
			t.Errorf("%s %s: decoded as %s to %q", enc, what, got, text)
		default:
			c.ok++
		}
	}
	for _, f := range calls {
		simplified := readString(t, f)
		traditional, err := cc.Convert(simplified)
		if err != nil {
			t.Fatal(err)
		}
		check(filepath.Base(f), simplified, "gbk", encode(t, simplifiedchinese.GBK, simplified), false)
		check(filepath.Base(f), traditional, "big5", encode(t, traditionalchinese.Big5, traditional), false)
		for _, line := range strings.Split(simplified, "\n") {
			_, u, ok := strings.Cut(line, "：")
			if !ok || utf8.ValidString(u) && len(u) == utf8.RuneCountInString(u) {
				continue // no utterance, or ASCII only
			}
			short := utf8.RuneCountInString(u) < 5
			check(u, u, "gbk", encode(t, simplifiedchinese.GBK, u), short)
			tu, err := cc.Convert(u)
			if err != nil {
				t.Fatal(err)
			}
			check(tu, tu, "big5", encode(t, traditionalchinese.Big5, tu), short)
		}
	}
	for enc, c := range counts {
		t.Logf("%s: %d inputs, %d detected, %d refused as too short, 0 wrong", enc, c.n, c.ok, c.refused)
	}
}

func TestCanonicalEncoding(t *testing.T) {
	for name, want := range map[string]string{
		"": "", "auto": "", " AUTO ": "",
		"utf-8": "utf-8", "UTF8": "utf-8", "unicode-1-1-utf-8": "utf-8",
		"utf-16le": "utf-16le", "UTF_16LE": "utf-16le", "utf-16": "utf-16le", "utf-16be": "utf-16be",
		"gbk": "gbk", "GB2312": "gbk", "cp936": "gbk", "windows-936": "gbk", "chinese": "gbk", "x-gbk": "gbk",
		"gb18030": "gb18030",
		"big5":    "big5", "BIG5-HKSCS": "big5", "cn-big5": "big5",
	} {
		if got, err := source.CanonicalEncoding(name); got != want || err != nil {
			t.Errorf("CanonicalEncoding(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"shift_jis", "euc-kr", "latin1", "iso-8859-1", "klingon", "utf-32"} {
		if got, err := source.CanonicalEncoding(name); got != "" || err == nil {
			t.Errorf("CanonicalEncoding(%q) = %q, %v; want an error", name, got, err)
		}
	}
}

// TestDetectConcurrent runs the detector from several goroutines; with -race it checks
// that the lazily built decoding tables are shared safely.
func TestDetectConcurrent(t *testing.T) {
	want := map[string]string{"call-gbk.txt": "gbk", "call-big5.txt": "big5"}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		for file, enc := range want {
			data, err := os.ReadFile(encDir + file)
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got, err := source.DetectEncoding(data); got != enc || err != nil {
					t.Errorf("%s: got %q, %v", file, got, err)
				}
			}()
		}
	}
	wg.Wait()
}

func BenchmarkDetectEncoding(b *testing.B) {
	for _, file := range []string{"call-gbk.txt", "call-big5.txt"} {
		data, err := os.ReadFile(encDir + file)
		if err != nil {
			b.Fatal(err)
		}
		data = bytes.Repeat(data, (8<<20)/len(data)) // about 8 MB
		b.Run(file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := source.DetectEncoding(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
