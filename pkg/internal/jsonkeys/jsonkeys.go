// Package jsonkeys finds an object that names one key twice in a JSON text. Decoded,
// the second value silently replaces the first: in a transcript perhaps the turn that
// held a 禁语, in a label file the reviewer's verdict.
package jsonkeys

import (
	"encoding/json"
	"io"
	"strings"
)

// Duplicate is the first key named twice in one object of the JSON text r reads, with
// the decoder's offset just after it; ok is false when there is none. The text is
// expected to decode: a syntax error ends the walk without a duplicate.
func Duplicate(r io.Reader) (key string, offset int64, ok bool) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	// One frame per open container: the keys seen, nil for an array.
	type frame struct {
		keys    map[string]bool
		wantKey bool
	}
	var stack []frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{keys: map[string]bool{}, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
				f := &stack[n-1]
				f.wantKey = false
				if f.keys[t] {
					return t, dec.InputOffset(), true
				}
				f.keys[t] = true
				continue
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

// DuplicateIn is Duplicate over a text held as a string; a text with no object has none.
func DuplicateIn(text string) (key string, offset int64, ok bool) {
	if !strings.Contains(text, "{") {
		return "", 0, false
	}
	return Duplicate(strings.NewReader(text))
}
