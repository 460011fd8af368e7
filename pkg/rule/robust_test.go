package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
)

// fuzzy compiles phrases that may match by sound (and with fillers skipped).
func fuzzy(t *testing.T, f match.Fuzzy, srcs ...string) rule.Phrases {
	t.Helper()
	ps := mustPhrases(t, srcs...)
	for _, p := range ps {
		p.Fuzzy = f
	}
	return ps
}

func TestForbiddenHomophone(t *testing.T) {
	r := &rule.Forbidden{M: rule.Meta{ID: "f", Kind: "forbidden"}, Phrases: fuzzy(t, match.Pinyin, "你有完没完", "我也没[有]办法")}
	c := mustCall(t, "坐席：你有玩没玩？", "坐席：嗯，我也没没，那个，办法。")
	got := r.Check(c)
	check(t, r, c, want{1, 1, "你有玩没玩"}, want{2, 2, "我也没没，那个，办法"})
	if got[0].Fuzzy != "pinyin" || got[0].Phrase != "你有完没完" {
		t.Errorf("homophone finding: Fuzzy %q, Phrase %q", got[0].Fuzzy, got[0].Phrase)
	}
	if got[1].Fuzzy != "fillers" {
		t.Errorf("stutter finding: Fuzzy %q, want fillers", got[1].Fuzzy)
	}
	// Strict, the same call has no 禁语.
	rule.Strict([]rule.Rule{r})
	check(t, r, mustCall(t, "坐席：你有玩没玩？"))
}

func TestForbiddenGuard(t *testing.T) {
	r := &rule.Forbidden{M: rule.Meta{ID: "f", Kind: "forbidden"}, Guard: true,
		Phrases: fuzzy(t, match.Pinyin, "我也没[有]办法", "你有完没完", "这不是我们的事[情]")}
	tests := []struct {
		text  string
		fires bool
	}{
		{"我们绝不会说“我也没办法”，一定帮您解决。", false},
		{"我们绝不会说我也没办法", false},
		{"一定不会让您觉得“这不是我们的事”。", false},
		{"培训时讲过，不能说“对不起，你有完没完”这种话。", false},
		{"不能说：嗯，你有完没完。", false},
		{"我没说过你有完没完", false},
		{"我不说了，你有完没完？", true},
		{"我就说“你有完没完”，怎么了？", true},
		{"我们不会一句“这不是我们的事”就把您打发了。", false},
		{"我可不能就跟您说一句“这不是我们的事”就完事儿了。", false},
		{"我可从来没跟您这么讲过啊，这不是我们的事。", true},
		{"不好意思跟您说这不是我们的事", true},
		{"一句话，这不是我们的事。", true},
		{"你别说了，我也没办法。", true},
		{"我也没办法。", true},
		// Reported speech: someone else said it, or the agent condemns it right after.
		{"那位同事说“我也没办法”是完全不对的。", false},
		{"那位同事说我也没办法是完全不对的", false},
		{"之前有人跟您讲我也没办法，真的很抱歉。", false},
		{"他说“这不是我们的事”，这种话不应该说。", false},
		{"我跟你说，我也没办法。", true},
		{"我说了我也没办法，你有完没完。", true},
	}
	for _, tt := range tests {
		c := mustCall(t, "坐席："+tt.text)
		fs := r.Check(c)
		if (len(fs) > 0) != tt.fires {
			t.Errorf("%q: %d findings, want fires=%v", tt.text, len(fs), tt.fires)
		}
		if !tt.fires && (len(c.Notes) != 1 || c.Notes[0].Fuzzy != rule.Negated) {
			t.Errorf("%q: notes %+v, want one negated", tt.text, c.Notes)
		}
	}
}

func TestRequiredSplitAndNotes(t *testing.T) {
	r := &rule.Required{M: rule.Meta{ID: "closing", Kind: "required"}, Split: true,
		Scope: rule.Scope{Role: "agent", Window: rule.Window{Last: 1}}, Phrases: fuzzy(t, match.Pinyin, "谢谢您的电话[，]再见")}
	// Cut in two by speech recognition: the last utterance alone lacks the phrase.
	c := mustCall(t, "客户：好的", "坐席：谢谢您的电话", "坐席：再见！")
	check(t, r, c)
	if len(c.Notes) != 1 || c.Notes[0].Fuzzy != rule.Split || c.Notes[0].Match != "谢谢您的电话"+match.JoinSeparator+"再见" {
		t.Errorf("notes %+v, want the split closing", c.Notes)
	}
	// Somebody else speaking in between: no longer one sentence.
	check(t, r, mustCall(t, "坐席：谢谢您的电话", "客户：好", "坐席：再见！"), want{3, 3, ""})
	// Without Split, the cut phrase is missing.
	r.Split = false
	check(t, r, mustCall(t, "坐席：谢谢您的电话", "坐席：再见！"), want{2, 2, ""})
	// A homophone satisfies the rule, and says so in a note.
	c = mustCall(t, "坐席：谢谢您的电话，在见。")
	check(t, r, c)
	if len(c.Notes) != 1 || c.Notes[0].Fuzzy != "pinyin" || c.Notes[0].Match != "谢谢您的电话，在见" {
		t.Errorf("notes %+v, want the homophone closing", c.Notes)
	}
}

func TestForbiddenSplit(t *testing.T) {
	r := &rule.Forbidden{M: rule.Meta{ID: "f", Kind: "forbidden"}, Split: true, Phrases: fuzzy(t, match.Pinyin, "刚才(和|跟)你(说|讲)过了[，]怎么还[在]问")}
	check(t, r, mustCall(t, "坐席：刚才跟你说过了", "坐席：怎么还问？"), want{1, 1, "刚才跟你说过了" + match.JoinSeparator + "怎么还问"})
	check(t, r, mustCall(t, "坐席：刚才跟你说过了", "客户：嗯", "坐席：怎么还问？"))
}

func TestNearMisses(t *testing.T) {
	r := &rule.Required{M: rule.Meta{ID: "greeting", Kind: "required"}, Scope: rule.Scope{Role: "agent", Window: rule.Window{First: 1}},
		Phrases: fuzzy(t, match.Pinyin, "您好{0,20}请问有什么(可以|能)(帮到|帮助|帮)您")}
	c := mustCall(t, "坐席：你好，快通客服，请问有什么可以帮到你？")
	nm := rule.NearMisses([]rule.Rule{r}, c, rule.DefaultNearMiss)
	if len(nm) != 1 || nm[0].Heard != "你好，快通客服，请问有什么可以帮到你" || nm[0].Distance != 2 {
		t.Fatalf("near misses %+v", nm)
	}
	// Nothing close: no near miss; found: none either.
	if nm := rule.NearMisses([]rule.Rule{r}, mustCall(t, "坐席：喂？"), rule.DefaultNearMiss); len(nm) != 0 {
		t.Errorf("near misses %+v, want none", nm)
	}
	if nm := rule.NearMisses([]rule.Rule{r}, mustCall(t, "坐席：您好，请问有什么可以帮您？"), rule.DefaultNearMiss); len(nm) != 0 {
		t.Errorf("near misses %+v for a greeting said, want none", nm)
	}
}
