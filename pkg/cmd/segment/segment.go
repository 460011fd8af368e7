// Package segment implements `zhijian segment`: show how a text is normalised and
// segmented, and which phrases match where — why something matched, or did not.
package segment

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	seg "github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/textwidth"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// NewCmdSegment builds the command.
func NewCmdSegment(f *cmdutil.Factory) *cobra.Command {
	var (
		cfgOpts config.Options
		phrases []string
		regexes []string // --regex: a regex phrase item (rule language v2)
		ents    []string // --entity: phone, id-card, bank-card, amount, percent
		models  []string // --meaning: a shipped model, at its own threshold
		mode    string
		ruleID  string
		maxLen  int // --max-utterance, as check has it
	)
	cmd := &cobra.Command{
		Use:   "segment [TEXT|FILE|-]...",
		Short: msg.Sprintf("segment.show-normalisation-gse-tokens-where"),
		Long: `写规则手册时用来看“为什么匹配了 / 为什么没匹配”：对每句话显示原文、规范化后的文字、
gse 分词（“|”为词边界，“‖”为标点处的分句），以及规则手册里哪些短语在哪里匹配。

参数可以是一句话、一个转写文件（逐句显示，带行号和说话人），或 - 表示标准输入。
--phrase 试一个临时短语（不必写进规则手册）；没有匹配时会说明是不是因为不在词边界上。

For a rulebook author: shows each utterance as written, normalised, and segmented by gse
("|" word boundaries, "‖" clause breaks at punctuation), and which phrases of the active
rulebook (or --phrase) match where. A phrase that does not match is explained: found
as characters but not on word boundaries, or not there at all.`,
		Example: `  zhijian segment 您好，請問有什麼可以幫到您？
  zhijian segment --phrase 再见 我们下次再见面吧
  zhijian segment --regex '1[3-9]\d{9}' --entity bank-card 我的号码是13812345678
  zhijian segment --meaning complaint 我上礼拜报修到现在都没人来
  zhijian segment --rule closing testdata/calls/missing-closing.txt
  echo 坐席：你有完没完 | zhijian segment -`,
		Args: cmdutil.MinimumNArgs(1, "文件或 -", "FILE or -"),
		RunE: func(cmd *cobra.Command, args []string) error {
			pmode, err := match.ParseMode(mode)
			if err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if maxLen < 1 {
				return cmdutil.FlagErrorf("check.max-utterance-must-least")
			}
			cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
			if err != nil {
				return err
			}
			s := seg.New()
			rb, err := cmdutil.LoadRulebook(cfg, s)
			if err != nil {
				return err
			}
			var uses []catalog.Use
			tried := [](struct {
				flag    string
				items   []string
				compile func(string) (*match.Pattern, error)
			}){
				{"--phrase", phrases, func(p string) (*match.Pattern, error) { return match.Compile(p, pmode) }},
				{"--regex", regexes, func(p string) (*match.Pattern, error) { return match.CompileRegex(p, pmode) }},
				{"--entity", ents, match.CompileEntity},
				{"--meaning", models, func(name string) (*match.Pattern, error) { return match.CompileMeaning(name, -1) }},
			}
			for _, t := range tried {
				for _, p := range t.items {
					pat, err := t.compile(p)
					if err != nil {
						return &cmdutil.FlagError{Err: fmt.Errorf("%s %q: %w", t.flag, p, err)}
					}
					s.AddWords(pat.Literals()...)
					uses = append(uses, catalog.Use{Rule: &phraseRule, Part: "phrase", Pattern: pat})
				}
			}
			phrases = slices.Concat(phrases, regexes, ents, models) // every phrase tried
			if len(phrases) == 0 || ruleID != "" {
				for _, u := range catalog.AllUses(rb.Rules) {
					if ruleID == "" || u.Rule.ID == ruleID {
						uses = append(uses, u)
					}
				}
				if ruleID != "" && len(uses) == len(phrases) {
					return msg.Errorf("segment.no-rule-with-phrases", rb.Name, ruleID)
				}
			}
			sh := &shower{w: f.IOStreams.Out, seg: s, uses: uses, explain: len(phrases) > 0 || ruleID != ""}
			for _, arg := range args {
				items, err := readItems(arg, f.IOStreams.In, rb, maxLen)
				if err != nil {
					return err
				}
				for _, it := range items {
					sh.show(it)
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.StringArray("rules", nil, msg.Sprintf("segment.rulebook-repeatable"))
	fl.StringArrayVarP(&phrases, "phrase", "p", nil, msg.Sprintf("segment.try-phrase-repeatable"))
	fl.StringArrayVar(&regexes, "regex", nil, msg.Sprintf("segment.try-regex-repeatable"))
	fl.StringArrayVar(&ents, "entity", nil, msg.Sprintf("segment.try-entity-repeatable", strings.Join(match.EntityNames(), ", ")))
	fl.StringArrayVar(&models, "meaning", nil, msg.Sprintf("segment.try-meaning-repeatable", strings.Join(meaning.Names(), ", ")))
	fl.StringVar(&mode, "match", "words", msg.Sprintf("segment.match-mode-phrase"))
	fl.StringVar(&ruleID, "rule", "", msg.Sprintf("segment.only-phrases-this-rule"))
	fl.IntVar(&maxLen, "max-utterance", pipeline.DefaultMaxUtteranceLength, msg.Sprintf("check.most-characters-one-utterance"))
	return cmd
}

// maxMisses is how many phrases that did not match are explained one by one.
const maxMisses = 8

// phraseRule stands for the rule of a --phrase.
var phraseRule = rule.Meta{ID: "--phrase"}

// item is one text to show: a bare text, or an utterance of a transcript.
type item struct {
	where string // "file:line 坐席" for an utterance
	role  transcript.Role
	text  string
}

// readItems turns an argument into texts: a transcript file (or -) into its
// utterances, anything else is the text itself. A text, utterance or line longer than
// maxLen characters is refused as check refuses it: segmenting 20 million characters
// took 51 s and 3 GB.
func readItems(arg string, stdin io.Reader, rb *rulebook.Rulebook, maxLen int) ([]item, error) {
	tooLong := func(s string) bool { return len(s) > maxLen && utf8.RuneCountInString(s) > maxLen }
	isFile := arg == "-"
	if !isFile {
		if fi, err := os.Stat(arg); err == nil && !fi.IsDir() {
			isFile = true
		}
	}
	if !isFile {
		if tooLong(arg) {
			return nil, transcript.UtteranceTooLong("", 0, maxLen)
		}
		return []item{{text: arg}}, nil
	}
	text, err := source.Read(source.Input{Path: arg}, stdin, source.ReadOptions{MaxSize: source.DefaultMaxSize})
	if err != nil {
		return nil, err
	}
	calls, err := transcript.Parse(arg, text, transcript.Auto, transcript.Options{Roles: rb.Roles, MaxUtteranceLength: maxLen})
	if err != nil {
		if long := transcript.UtteranceTooLong("", 0, maxLen); strings.HasSuffix(err.Error(), long.Error()) {
			return nil, err // a transcript, with an utterance too long
		}
		// Not a transcript: each line is a text.
		var out []item
		for i, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); tooLong(l) {
				return nil, transcript.UtteranceTooLong(arg, i+1, maxLen)
			} else if l != "" {
				out = append(out, item{text: l})
			}
		}
		return out, nil
	}
	var out []item
	for _, c := range calls {
		for _, u := range c.Utterances {
			if tooLong(u.Text) { // the formats that leave the limit to the pipeline
				return nil, transcript.UtteranceTooLong(c.Path, u.Line, maxLen)
			}
			out = append(out, item{where: fmt.Sprintf("%s:%d %s", c.Path, u.Line, u.Label), role: u.Role, text: u.Text})
		}
	}
	return out, nil
}

type shower struct {
	w       io.Writer
	seg     *seg.Segmenter
	uses    []catalog.Use
	explain bool // say why each phrase asked about did not match
	n       int
}

func (s *shower) show(it item) {
	var b strings.Builder
	if s.n > 0 {
		b.WriteString("\n")
	}
	s.n++
	t := match.NewText(it.text, s.seg)
	rows := [][]string{}
	if it.where != "" {
		rows = append(rows, []string{"位置 at", it.where})
	}
	rows = append(rows,
		[]string{"原文 text", it.text},
		[]string{"规范化 norm", t.Norm},
		[]string{"分词 tokens", s.tokens(t)})
	b.WriteString(textwidth.Table(rows, ""))

	type hit struct {
		rules []string
		use   catalog.Use
		spans []match.Span
	}
	var hits, misses []*hit
	byPattern := map[string]*hit{}
	for _, u := range s.uses {
		key := string(u.Pattern.Mode) + "\x00" + u.Pattern.Source
		if h, ok := byPattern[key]; ok {
			if !slices.Contains(h.rules, u.Rule.ID) {
				h.rules = append(h.rules, u.Rule.ID)
			}
			continue
		}
		h := &hit{rules: []string{u.Rule.ID}, use: u, spans: u.Pattern.FindAll(t)}
		if !u.Pattern.Alone(t) { // one text has no second utterance to pair with
			h.spans = nil
		}
		byPattern[key] = h
		if len(h.spans) > 0 {
			hits = append(hits, h)
		} else if s.explain {
			misses = append(misses, h)
		}
	}
	if len(hits) == 0 {
		b.WriteString(msg.Sprintf("segment.none"))
	} else {
		b.WriteString("匹配 matches\n")
		idx := runeIndex(t.Norm)
		var mrows [][]string
		for _, h := range hits {
			for _, sp := range h.spans {
				note := ""
				if r := h.use.Role; r != "" && it.role != "" && it.role != r {
					note = "（" + catalog.RoleWords(r) + msg.Sprintf("segment.only-counts-that-role")
				}
				mrows = append(mrows, []string{ruleLabel(h.rules), h.use.Pattern.Source,
					fmt.Sprintf("“%s” @%s%s", t.Source(sp.Start, sp.End), runeSpan(idx, sp), note)})
			}
		}
		b.WriteString(textwidth.Table(mrows, "  "))
	}
	if len(misses) > maxMisses {
		fmt.Fprint(&b, msg.Sprintf("segment.phrases-did-not-match-try", len(misses)))
	} else if len(misses) > 0 {
		b.WriteString("未匹配 no match\n")
		var mrows [][]string
		for _, h := range misses {
			mrows = append(mrows, []string{ruleLabel(h.rules), h.use.Pattern.Source, whyNot(h.use.Pattern, t)})
		}
		b.WriteString(textwidth.Table(mrows, "  "))
	}
	io.WriteString(s.w, b.String())
}

// whyNot says why a phrase did not match a text.
func whyNot(p *match.Pattern, t *match.Text) string {
	if m, threshold := p.MeaningModel(); m != nil {
		score := strconv.FormatFloat(m.Score(t.Norm), 'f', 4, 64)
		if p.ReachesTwice(t) {
			return msg.Sprintf("segment.meaning-needs-twice", m.Name, score, strconv.FormatFloat(threshold, 'f', 4, 64), strconv.FormatFloat(p.Twice, 'f', 4, 64))
		}
		return msg.Sprintf("segment.meaning-below-threshold", m.Name, score, strconv.FormatFloat(threshold, 'f', 4, 64))
	}
	if p.IsRegex() { // no phrase to find as characters: say what the regex was run on
		return msg.Sprintf("segment.regex-not-in-normalised", t.Norm)
	}
	if p.Mode != match.Chars {
		if chars, err := match.Compile(p.Source, match.Chars); err == nil {
			if sp, ok := chars.Find(t); ok {
				if p.Mode == match.Utterance {
					return msg.Sprintf("segment.found-but-utterance-mode-needs", t.Source(sp.Start, sp.End), runeSpan(runeIndex(t.Norm), sp))
				}
				return msg.Sprintf("segment.characters-are-there-but-not", t.Source(sp.Start, sp.End), runeSpan(runeIndex(t.Norm), sp))
			}
		}
	}
	ex := p.Examples(3, "X")
	return msg.Sprintf("segment.not-there-normalised", strings.Join(ex, "、"))
}

func ruleLabel(ids []string) string {
	if len(ids) > 3 {
		return strings.Join(ids[:3], ", ") + fmt.Sprintf(" +%d", len(ids)-3)
	}
	return strings.Join(ids, ", ")
}

// runeIndex maps each byte offset of s to the number of characters before it: counted
// from the start for every match, an utterance of 100,000 characters saying one phrase
// 20,000 times took minutes.
func runeIndex(s string) []int32 {
	idx := make([]int32, len(s)+1)
	n := int32(0)
	for i := range len(s) {
		idx[i] = n
		if utf8.RuneStart(s[i]) {
			n++
		}
	}
	idx[len(s)] = n
	return idx
}

// runeSpan renders a byte span of a text as character positions, 1-based: 3–5; idx is
// the text's runeIndex.
func runeSpan(idx []int32, sp match.Span) string {
	start := int(idx[sp.Start]) + 1
	end := int(idx[sp.End])
	if end <= start {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d–%d", start, end)
}

// tokens renders the gse segmentation: words separated by "|", clauses by "‖".
func (s *shower) tokens(t *match.Text) string {
	chunks := t.Chunks()
	var clauses []string
	for k := 0; k+1 < len(chunks); k++ {
		clause := t.Norm[chunks[k]:chunks[k+1]]
		if clause == "" {
			continue
		}
		ends, err := s.seg.Tokens(nil, clause)
		if err != nil {
			return msg.Sprintf("segment.no-dictionary")
		}
		var words []string
		prev := 0
		for _, e := range ends {
			words = append(words, clause[prev:e])
			prev = e
		}
		clauses = append(clauses, strings.Join(words, " | "))
	}
	return strings.Join(clauses, " ‖ ")
}
