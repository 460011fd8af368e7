package transcript_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// A call with no channel in its metadata is read as an online chat when two of a chat's
// marks show, and never on one.
func TestInferChannel(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the channel metadata after parsing, "" for none
	}{
		{"亲 twice and 在吗", "客户：在吗？快递还没到\n坐席：亲，您好，请提供订单号\n客户：123\n坐席：好的亲，明天到", "chat"},
		{"在吗 and a tilde", "客户：你好在不在\n坐席：您好，请问有什么可以帮您~", "chat"},
		{"亲 twice and a picture", "客户：[图片]\n坐席：亲，这个是正常的\n客户：哦\n坐席：亲还有别的问题吗", "chat"},
		{"亲 twice alone: an e-commerce phone call", "坐席：您好，请问有什么可以帮您？\n客户：查订单\n坐席：亲，查到了\n客户：好\n坐席：亲，还有别的吗", ""},
		{"亲 in words that address no one", "客户：在吗\n坐席：您好\n客户：我父亲的卡，母亲亲自办的\n坐席：请您父亲本人来，亲属不能代办", ""},
		{"在吗 said late in the call", "坐席：您好\n客户：查话费\n坐席：好的\n客户：喂喂，还在吗\n坐席：亲，在的\n坐席：好的亲", ""},
		{"a channel given is kept", "# channel: phone\n客户：在吗\n坐席：亲，您好~", "phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := transcript.Parse("c.txt", tt.text, transcript.Text, transcript.Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := calls[0]
			if got := c.Metadata["channel"]; got != tt.want {
				t.Errorf("channel = %q, want %q", got, tt.want)
			}
			warned := false
			for _, w := range c.Warnings {
				warned = warned || strings.Contains(w, "记为 channel: chat")
			}
			if inferred := tt.want == "chat"; warned != inferred {
				t.Errorf("warning about the inferred chat: %v, want %v (%q)", warned, inferred, c.Warnings)
			}
		})
	}
}
