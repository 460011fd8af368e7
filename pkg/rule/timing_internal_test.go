package rule

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

func TestSpokenChars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want int
	}{
		{"好的。", 2},
		{"好的，好的！好的……", 6},
		{"您好，我是1024号！", 9},           // 您好 我是 1 0 2 4 号
		{"WiFi 密码是多少？", 6},           // wifi counts once
		{"嗯 嗯 嗯", 3},                 // ASR spaces are not speech
		{"请记录：GZ20261120-0518。", 16}, // 请记录, gz, 12 digits
		{"", 0},
	}
	for _, tt := range tests {
		if got := spokenChars(normalize.New(tt.text).Norm); got != tt.want {
			t.Errorf("spokenChars(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
