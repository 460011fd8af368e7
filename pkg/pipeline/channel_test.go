package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// TestChannelRouting checks phone calls and online chats side by side with several
// workers: a chat is judged by the chat rulebook (no job number, a reply-time rule), a
// phone call by the default, and (under the race detector) the shared segmenter is never
// written while the workers read it.
func TestChannelRouting(t *testing.T) {
	dir := t.TempDir()
	phone := "[00:00:01] 坐席：您好，请问有什么可以帮您？\n[00:00:05] 客户：查话费。\n[00:00:08] 坐席：好的，感谢您的来电，再见。\n"
	chat := "# channel: chat\n[00:00:01] 客户：在吗？\n[00:02:30] 坐席：亲，在的，请问有什么可以帮您？\n[00:02:40] 客户：查物流。\n[00:02:50] 坐席：感谢您的咨询，祝您生活愉快。\n"
	for i := range 20 {
		body := phone
		if i%2 == 1 {
			body = chat
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%02d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	inputs, problems := source.Expand([]string{dir}, source.Options{})
	rep := (&pipeline.Checker{Rulebook: rb, Workers: 4}).Run(inputs, problems)
	for i, f := range rep.Files {
		rules := map[string]bool{}
		for _, fd := range f.Findings {
			rules[fd.Rule] = true
		}
		if i%2 == 1 {
			if rules["job-number"] || !rules["chat-response-time"] {
				t.Errorf("%s (chat): findings %v, want chat-response-time and no job-number", f.Path, rules)
			}
		} else if !rules["job-number"] || rules["chat-response-time"] {
			t.Errorf("%s (phone): findings %v, want job-number and no chat-response-time", f.Path, rules)
		}
	}
}
