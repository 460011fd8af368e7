package source_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

const sample = "坐席：您好，请问有什么可以帮您？\n客户：我想查一下话费。\n"

func encodeUTF16(t *testing.T, e unicode.Endianness, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRead(t *testing.T) {
	gbk := []byte{0xC4, 0xE3, 0xBA, 0xC3} // 你好 in GBK
	gbkCall, err := simplifiedchinese.GBK.NewEncoder().String("坐席：您好，请问有什么可以帮您？\n")
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		data     []byte
		maxSize  int64
		want     string
		wantErr  string // exact Error() minus the "path" prefix; "" for success
		wantLine int
	}{
		{name: "utf-8", data: []byte(sample), want: sample},
		{name: "utf-8 crlf kept", data: []byte("甲\r\n乙\r\n"), want: "甲\r\n乙\r\n"},
		{name: "empty", data: nil, want: ""},
		{name: "utf-8 bom stripped", data: append([]byte{0xEF, 0xBB, 0xBF}, sample...), want: sample},
		{name: "utf-16le bom", data: encodeUTF16(t, unicode.LittleEndian, sample), want: sample},
		{name: "utf-16be bom", data: encodeUTF16(t, unicode.BigEndian, sample), want: sample},
		{name: "utf-16le bom only", data: []byte{0xFF, 0xFE}, want: ""},
		{
			name:    "nul byte is binary",
			data:    []byte("坐席：您好\x00\x01\x02"),
			wantErr: ": 二进制文件，不是文本转写 / binary file, not a text transcript",
		},
		{
			name:    "png is binary",
			data:    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			wantErr: ": 二进制文件，不是文本转写 / binary file, not a text transcript",
		},
		{
			name:    "utf-16 without bom gets a hint",
			data:    encodeUTF16(t, unicode.LittleEndian, "ab")[2:],
			wantErr: ": 看起来是没有字节顺序标记（BOM）的 UTF-16LE 文本，请用 --encoding utf-16le / looks like UTF-16LE text without a byte order mark: use --encoding utf-16le",
		},
		{
			name:    "utf-16 with nul characters is binary",
			data:    encodeUTF16(t, unicode.LittleEndian, "a\x00b"),
			wantErr: ": 二进制文件，不是文本转写 / binary file, not a text transcript",
		},
		{name: "gbk detected", data: []byte(gbkCall), want: "坐席：您好，请问有什么可以帮您？\n"},
		{
			name:    "two gbk characters are too few to tell from big5",
			data:    gbk,
			wantErr: ": 无法确定文件编码（文字太少，分不清 GBK 和 Big5），请用 --encoding 指定 / cannot tell GBK from Big5 in so little text; use --encoding",
		},
		{
			// Mostly UTF-8 with a stretch of GBK: neither encoding, and the line
			// where UTF-8 breaks is the useful thing to report.
			name:     "gbk on line 3 of utf-8",
			data:     append([]byte("坐席：您好\n客户：你好\n"), gbk...),
			wantErr:  ":3: 第 3 行不是有效的 UTF-8 编码（GBK 等编码请用 --encoding 指定）/ line 3 is not valid UTF-8",
			wantLine: 3,
		},
		{
			name:     "truncated rune at end",
			data:     []byte("甲\n乙\n丙\n" + "丁"[:2]),
			wantErr:  ":4: 第 4 行不是有效的 UTF-8 编码（GBK 等编码请用 --encoding 指定）/ line 4 is not valid UTF-8",
			wantLine: 4,
		},
		{name: "exactly max size", data: []byte("0123456789"), maxSize: 10, want: "0123456789"},
		{
			name:    "too large",
			data:    []byte("0123456789A"),
			maxSize: 10,
			wantErr: ": 文件过大（11 B，上限 10 B）/ file too large (11 B, limit 10 B)",
		},
		{
			name:    "too large in MB",
			data:    bytes.Repeat([]byte("a"), 1<<20+1),
			maxSize: 1 << 20,
			wantErr: ": 文件过大（1.1 MB，上限 1 MB）/ file too large (1.1 MB, limit 1 MB)",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "call.txt")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			check := func(t *testing.T, in source.Input, got string, err error) {
				t.Helper()
				if tt.wantErr == "" {
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
					if got != tt.want {
						t.Errorf("got %q, want %q", got, tt.want)
					}
					return
				}
				var e *source.Error
				if !errors.As(err, &e) {
					t.Fatalf("got error %v (%T), want *source.Error", err, err)
				}
				if want := in.Path + tt.wantErr; e.Error() != want {
					t.Errorf("got  %q\nwant %q", e.Error(), want)
				}
				if e.Path != in.Path || e.Line != tt.wantLine {
					t.Errorf("got Path %q Line %d, want %q %d", e.Path, e.Line, in.Path, tt.wantLine)
				}
			}

			t.Run("file", func(t *testing.T) {
				in := source.Input{Path: path}
				got, err := source.Read(in, nil, source.ReadOptions{MaxSize: tt.maxSize})
				check(t, in, got, err)
			})
			t.Run("stdin", func(t *testing.T) {
				if strings.HasPrefix(tt.name, "too large") {
					t.Skip("size of standard input is unknown; see TestReadStdinTooLarge")
				}
				in := source.Input{Path: "-"}
				got, err := source.Read(in, bytes.NewReader(tt.data), source.ReadOptions{MaxSize: tt.maxSize})
				check(t, in, got, err)
			})
		})
	}
}

func TestReadStdinTooLarge(t *testing.T) {
	// A reader that never ends: Read must stop at the limit, not read it all.
	_, err := source.Read(source.Input{Path: "-"}, endless{}, source.ReadOptions{MaxSize: 1 << 20})
	want := "-: 文件过大（超过上限 1 MB）/ file too large (over the 1 MB limit)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestReadProblems(t *testing.T) {
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "locked.txt")
	if err := os.WriteFile(unreadable, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		in       source.Input
		stdin    io.Reader
		wantMsg  string
		wantWrap error
		skipRoot bool
	}{
		{
			name:     "missing file",
			in:       source.Input{Path: filepath.Join(dir, "gone.txt")},
			wantMsg:  "无法读取文件 / cannot read file: no such file or directory",
			wantWrap: fs.ErrNotExist,
		},
		{
			name:     "unreadable file",
			in:       source.Input{Path: unreadable},
			wantMsg:  "无法读取文件 / cannot read file: permission denied",
			wantWrap: fs.ErrPermission,
			skipRoot: true,
		},
		{
			name:    "directory",
			in:      source.Input{Path: dir},
			wantMsg: "是目录，不是文件 / is a directory, not a file",
		},
		{
			name:    "no stdin",
			in:      source.Input{Path: "-"},
			wantMsg: "没有标准输入 / no standard input",
		},
		{
			name:     "stdin read error",
			in:       source.Input{Path: "-"},
			stdin:    io.MultiReader(strings.NewReader("甲"), errReader{}),
			wantMsg:  "无法读取文件 / cannot read file: " + errBroken.Error(),
			wantWrap: errBroken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skipRoot && os.Geteuid() == 0 {
				t.Skip("root can read files without read permission")
			}
			_, err := source.Read(tt.in, tt.stdin, source.ReadOptions{})
			var e *source.Error
			if !errors.As(err, &e) {
				t.Fatalf("got error %v (%T), want *source.Error", err, err)
			}
			if e.Path != tt.in.Path || e.Msg != tt.wantMsg {
				t.Errorf("got Path %q Msg %q, want %q %q", e.Path, e.Msg, tt.in.Path, tt.wantMsg)
			}
			if want := tt.in.Path + ": " + tt.wantMsg; e.Error() != want {
				t.Errorf("got %q, want %q", e.Error(), want)
			}
			if tt.wantWrap != nil && !errors.Is(err, tt.wantWrap) {
				t.Errorf("%v does not wrap %v", err, tt.wantWrap)
			}
		})
	}
}

var errBroken = errors.New("broken pipe")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }
