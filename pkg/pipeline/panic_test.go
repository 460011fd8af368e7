package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// panicky is a rule with a bug: it panics on calls that mention 崩溃.
type panicky struct{ m rule.Meta }

func (p *panicky) Meta() *rule.Meta { return &p.m }
func (p *panicky) Check(c *rule.Call) []rule.Finding {
	for _, u := range c.Utterances {
		if strings.Contains(u.Text, "崩溃") {
			panic("index out of range")
		}
	}
	return nil
}

// TestPanicIsTheFilesError checks a panic while checking one file becomes that file's
// error, with a stack only in debug mode, and the rest of the batch is scored.
func TestPanicIsTheFilesError(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(bad, []byte("坐席：系统崩溃了\n"), 0o644)
	os.WriteFile(good, []byte("坐席：您好\n"), 0o644)
	set := match.NewSet(nil)
	set.Build()
	rb := &rulebook.Rulebook{Name: "t", PassScore: 80, Roles: transcript.DefaultRoles(), Matcher: set,
		Rules: []rule.Rule{&panicky{rule.Meta{ID: "p", Kind: "x", Message: "m"}}}}
	for _, debug := range []bool{false, true} {
		c := &pipeline.Checker{Rulebook: rb, Debug: debug}
		rep := c.Run([]source.Input{{Path: bad}, {Path: good}}, nil)
		if len(rep.Files) != 2 || rep.Files[1].Score == nil || *rep.Files[1].Score != 100 {
			t.Fatalf("the good file was not scored: %+v", rep.Files)
		}
		e := rep.Files[0].Error
		if !strings.Contains(e, "internal error") || !strings.Contains(e, "index out of range") {
			t.Errorf("panic not reported as the file's error: %q", e)
		}
		if hasStack := strings.Contains(e, "goroutine"); hasStack != debug {
			t.Errorf("debug %v: stack in error = %v", debug, hasStack)
		}
	}
}
