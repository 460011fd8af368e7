package transcript

import (
	"testing"
)

func TestSuppressionComments(t *testing.T) {
	text := `# call_id: S1
# zhijian-disable-next-line forbidden-phrases -- 反面教材
坐席：你有完没完？
坐席：你有完没完？
# zhijian-disable filler-words, address-as-nin
坐席：那个，你好。
  这个那个。
# zhijian-enable address-as-nin
坐席：你好。
# zhijian-disable
坐席：嗯嗯嗯。
# zhijian-enable
坐席：谢谢您的电话，再见。
`
	c, err := ParsePlain("s.txt", text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Metadata["call_id"] != "S1" || len(c.Metadata) != 1 {
		t.Errorf("directives read as metadata: %v", c.Metadata)
	}
	tests := []struct {
		rule string
		line int
		want bool
	}{
		{"forbidden-phrases", 3, true},
		{"forbidden-phrases", 4, false},
		{"no-commands", 3, false},
		{"filler-words", 6, true},
		{"address-as-nin", 6, true},
		{"filler-words", 9, true},
		{"address-as-nin", 9, false},
		{"anything", 11, true},
		{"filler-words", 13, false}, // a blanket enable ends every range
		{"anything", 13, false},
	}
	for _, tt := range tests {
		_, got := c.Suppressed(tt.rule, tt.line)
		if got != tt.want {
			t.Errorf("%s at line %d suppressed = %v, want %v (%+v)", tt.rule, tt.line, got, tt.want, c.Suppressions)
		}
	}
	if s, _ := c.Suppressed("forbidden-phrases", 3); s.Reason != "反面教材" || s.Line != 2 {
		t.Errorf("reason/line: %+v", s)
	}
}
