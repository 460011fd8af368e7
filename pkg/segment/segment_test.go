package segment_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// One segmenter for the package: loading the dictionary takes a second or two.
var seg = segment.New()

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want string // words joined by "/"
	}{
		{"谢谢您的电话再见", "谢谢您/的/电话/再见"},
		{"我们下次再见面吧", "我们/下次/再见面/吧"},
		{"稍等一下", "稍等一下"},
	}
	for _, tt := range tests {
		ends, err := seg.Tokens(nil, tt.text)
		if err != nil {
			t.Fatal(err)
		}
		var words []string
		start := 0
		for _, e := range ends {
			words = append(words, tt.text[start:e])
			start = e
		}
		if got := strings.Join(words, "/"); got != tt.want {
			t.Errorf("Tokens(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestSplitsAt(t *testing.T) {
	tests := []struct {
		word, before string // may the word be split after `before`?
		want         bool
	}{
		{"谢谢您", "谢谢", true},
		{"稍等一下", "稍等", true},
		{"王先生", "王", true},
		{"再见面", "再见", false},
		{"再见面", "再", true},
		{"有完没完", "有完", true},
		{"再见", "", true},
	}
	for _, tt := range tests {
		if got := seg.SplitsAt(tt.word, len(tt.before)); got != tt.want {
			t.Errorf("SplitsAt(%q, after %q) = %v, want %v", tt.word, tt.before, got, tt.want)
		}
	}
}
