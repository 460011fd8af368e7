package report

import "bytes"

// appendIndented appends src, compact JSON as encoding/json writes it, to dst indented
// as json.Indent(dst, src, prefix, indent) would: the same bytes, without json.Indent's
// scanner, which checks every byte through a state machine and cost more than encoding
// the report (a JSON report of a large batch is a few KB per call). src must be valid
// compact JSON: no white space outside strings.
func appendIndented(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func(dst []byte) []byte {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
		return dst
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string whole: its punctuation is not JSON's.
			end := stringEnd(src, i+1)
			dst = append(dst, src[i:min(end+1, len(src))]...)
			i = end
		case '{', '[':
			dst = append(dst, c)
			// An empty object or array stays {} or [].
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			dst = newline(dst)
		case '}', ']':
			depth--
			dst = newline(dst)
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = newline(dst)
		case ':':
			dst = append(dst, c, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd returns the index of the quote that closes the string whose text starts at
// i in src, len(src) when there is none. It looks for the next quote and for a
// backslash before it with IndexByte, many bytes a step, where a loop over the bytes of
// the report's Chinese text took one: a quote after a backslash is the escaped byte,
// and the search goes on after it.
func stringEnd(src []byte, i int) int {
	for i < len(src) {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			q = len(src) - i
		}
		b := bytes.IndexByte(src[i:i+q], '\\')
		if b < 0 {
			return i + q
		}
		i += b + 2 // the backslash and the byte it escapes, which may be a quote
	}
	return len(src)
}
