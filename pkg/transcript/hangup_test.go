package transcript_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Who hung up is read from a header or from an event line after the agent's last
// words, in every format, and recorded under one metadata key.
func TestHangUpRecorded(t *testing.T) {
	for _, tc := range []struct {
		name, path, text, want string
	}{
		{"event line", "a.txt", "坐席：您好\n客户：没事了，拜拜。\n系统：客户已挂机\n", "customer"},
		{"event line with times", "a.txt", "[00:00:01] 坐席：您好\n[00:00:05] 客户：算了\n[00:00:07] 系统：用户挂断\n", "customer"},
		{"agent hung up", "a.txt", "坐席：您好\n客户：好\n坐席：再见\n系统：坐席已挂机\n", "agent"},
		{"header wins", "a.txt", "# hangup: agent\n坐席：您好\n客户：好\n系统：客户已挂机\n", "agent"},
		{"alias header", "a.txt", "# 挂机方: 客户\n坐席：您好\n客户：好\n", "客户"},
		{"earlier event, agent spoke after", "a.txt", "坐席：您好\n系统：客户已挂机\n坐席：喂？您好，刚才断线了\n客户：好\n", ""},
		{"long speech is not an event", "a.txt", "坐席：您好\n客户：好\n系统：客户说他上次打电话的时候客服先挂了机很不满意\n", ""},
		{"speech of the customer is not an event", "a.txt", "坐席：您好\n客户：我挂了\n", ""},
		{"csv", "a.csv", "role,text\n坐席,您好\n客户,拜拜\n系统,客户已挂机\n", "customer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls, err := transcript.Parse(tc.path, tc.text, transcript.Auto, transcript.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := calls[0].Metadata[transcript.HangUpKey]; got != tc.want {
				t.Errorf("hangup = %q, want %q", got, tc.want)
			}
		})
	}
}
