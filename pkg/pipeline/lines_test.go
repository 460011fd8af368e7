package pipeline

import "testing"

func TestLineCount(t *testing.T) {
	for _, tt := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"a", 1},
		{"a\n", 1},
		{"a\nb", 2},
		{"a\r\nb\r\n", 2},
		{"a\rb\r", 2},
		{"a\u2028b\u2029c\vd\fe\u0085f", 1}, // utterances, but one line of the file
		{"a\nb\u2028c\rd\n", 2},
		{"a\n\n\n", 3},
	} {
		if got := lineCount(tt.text); got != tt.want {
			t.Errorf("lineCount(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
