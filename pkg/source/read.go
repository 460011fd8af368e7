package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Read reads one input and decodes it to UTF-8 text; stdin is read for "-". Inputs
// larger than maxSize bytes are refused (maxSize <= 0 means DefaultMaxSize). Every
// error it returns is an *Error naming the input.
//
// Accepted encodings, see decode: UTF-8 with or without a BOM, and UTF-16 LE/BE with a
// BOM. Text containing NUL bytes is taken to be a binary file.
func Read(in Input, stdin io.Reader, maxSize int64) (string, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	data, err := readLimited(in, stdin, maxSize)
	if err != nil {
		return "", err
	}
	text, err := decode(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = in.Path
			return "", e
		}
		return "", &Error{Path: in.Path, Msg: err.Error(), Err: err}
	}
	return text, nil
}

// readLimited returns the raw bytes of in, refusing anything over maxSize.
func readLimited(in Input, stdin io.Reader, maxSize int64) ([]byte, error) {
	var r io.Reader
	if in.Path == Stdin {
		if stdin == nil {
			return nil, &Error{Path: in.Path, Msg: "没有标准输入 / no standard input"}
		}
		r = stdin
	} else {
		f, err := os.Open(in.Path)
		if err != nil {
			return nil, cannotRead(in.Path, err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return nil, cannotRead(in.Path, err)
		}
		if fi.IsDir() {
			return nil, &Error{Path: in.Path, Msg: "是目录，不是文件 / is a directory, not a file"}
		}
		// Refuse big regular files before reading them; pipes and devices have no
		// useful size and are caught by the limit below.
		if fi.Mode().IsRegular() && fi.Size() > maxSize {
			return nil, tooLarge(in.Path, fi.Size(), maxSize)
		}
		r = f
	}

	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, cannotRead(in.Path, err)
	}
	if int64(len(data)) > maxSize {
		return nil, tooLarge(in.Path, -1, maxSize)
	}
	return data, nil
}

// decode turns the raw bytes of a transcript into UTF-8 text. It is the single place
// that knows about encodings, so other decoders (GBK, Big5) can be added here. Errors
// are *Error values without a Path; Read fills it in.
func decode(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(data, unicode.BigEndian)
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.IndexByte(data, 0) >= 0 {
		return "", binaryFile()
	}
	if !utf8.Valid(data) {
		n := lineOf(data, firstInvalid(data))
		return "", &Error{
			Line: n,
			Msg:  fmt.Sprintf("第 %d 行不是有效的 UTF-8 编码（GBK 等编码请用 --encoding 指定）/ line %d is not valid UTF-8", n, n),
		}
	}
	return string(data), nil
}

// decodeUTF16 decodes UTF-16 text that starts with a BOM, dropping the BOM. Unpaired
// surrogates and a dangling odd byte become U+FFFD rather than errors.
func decodeUTF16(data []byte, e unicode.Endianness) (string, error) {
	out, err := unicode.UTF16(e, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", &Error{Msg: "不是有效的 UTF-16 编码 / not valid UTF-16", Err: err}
	}
	// NUL characters mean this was not text after all (a UTF-32 LE BOM also
	// starts with FF FE and ends up here).
	if bytes.IndexByte(out, 0) >= 0 {
		return "", binaryFile()
	}
	return string(out), nil
}

func binaryFile() *Error {
	return &Error{Msg: "二进制文件，不是文本转写 / binary file, not a text transcript"}
}

// firstInvalid returns the offset of the first byte that is not part of valid UTF-8.
func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineOf returns the 1-based line number of the byte at offset.
func lineOf(data []byte, offset int) int {
	return 1 + bytes.Count(data[:offset], []byte{'\n'})
}

func cannotRead(path string, err error) *Error {
	return &Error{Path: path, Msg: "无法读取文件 / cannot read file: " + errText(err), Err: err}
}

// tooLarge reports a file over the limit; size < 0 when it is not known (standard
// input, pipes), because reading stopped at the limit.
func tooLarge(path string, size, limit int64) *Error {
	lim := formatSize(limit)
	if size < 0 {
		return &Error{Path: path, Msg: fmt.Sprintf("文件过大（超过上限 %s）/ file too large (over the %s limit)", lim, lim)}
	}
	s := formatSize(size)
	return &Error{Path: path, Msg: fmt.Sprintf("文件过大（%s，上限 %s）/ file too large (%s, limit %s)", s, lim, s, lim)}
}

// formatSize formats n bytes as "64 MB", "70.1 MB", "12.5 KB" or "900 B". Fractions
// are rounded up so that a file just over the limit never prints as equal to it.
func formatSize(n int64) string {
	unit, div := "B", int64(1)
	switch {
	case n >= 1<<20:
		unit, div = "MB", 1<<20
	case n >= 1<<10:
		unit, div = "KB", 1<<10
	}
	if n%div == 0 {
		return fmt.Sprintf("%d %s", n/div, unit)
	}
	v := math.Ceil(float64(n)/float64(div)*10) / 10
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
	return s + " " + unit
}
