// Package catalog describes rulebooks for people and for the tools that explain and
// check them: the list of their rules (a terminal table, Markdown or JSON), every rule
// with the condition group it sits in and every phrase it uses and what for (explain,
// segment, rules lint, calibrate), each rule in words, and the seed requirements no
// transcript can show.
package catalog

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/textwidth"
)

// Row is one rule in the catalogue.
type Row struct {
	ID        string  `json:"id"`
	Kind      string  `json:"kind"`
	Role      string  `json:"role"`
	Severity  string  `json:"severity"`
	Deduct    float64 `json:"deduct"`
	MaxDeduct float64 `json:"max_deduct,omitempty"`
	Fatal     bool    `json:"fatal,omitempty"`
	Message   string  `json:"message"`
	Source    string  `json:"source"`
	File      string  `json:"file"`
	// Condition is the id of the condition group the rule belongs to, if any.
	Condition string `json:"condition,omitempty"`
}

// Rows lists every rule of rb, rules inside condition groups included.
func Rows(rb *rulebook.Rulebook) []Row {
	var out []Row
	var walk func(rs []rule.Rule, cond string)
	walk = func(rs []rule.Rule, cond string) {
		for _, r := range rs {
			if c, ok := r.(*rule.Condition); ok {
				group := c.M.ID
				if c.M.Kind != "condition" {
					group = cond // a single rule with when: shows as itself
				}
				walk(c.Rules, group)
				continue
			}
			m := r.Meta()
			out = append(out, Row{ID: m.ID, Kind: m.Kind, Role: roleName(string(m.Role)), Severity: string(m.Severity),
				Deduct: m.Deduct, MaxDeduct: m.MaxDeduct, Fatal: m.Fatal, Message: m.Message,
				Source: m.Source, File: m.File, Condition: cond})
		}
	}
	walk(rb.Rules, "")
	return out
}

func roleName(r string) string {
	if r == "" {
		return "any"
	}
	return r
}

// Requirement is a seed requirement that a transcript cannot show.
type Requirement struct {
	Seed    string `yaml:"seed" json:"seed"`
	Section string `yaml:"section" json:"section"`
	Text    string `yaml:"text" json:"text"`
	Why     string `yaml:"why" json:"why"`
}

// ParseRequirements reads the YAML list of uncheckable requirements.
func ParseRequirements(data []byte) ([]Requirement, error) {
	var reqs []Requirement
	if err := yaml.Unmarshal(data, &reqs); err != nil {
		return nil, err
	}
	return reqs, nil
}

// WriteTable writes entries as an aligned table for a terminal.
func WriteTable(w io.Writer, entries []Row) error {
	// Padded by display width (textwidth), not by characters: 红线 and 上限 are two
	// columns wide each on a terminal.
	rows := [][]string{{"ID", "类型", "角色", "扣分", "说明"}}
	for _, e := range entries {
		rows = append(rows, []string{e.ID, e.Kind, e.Role, deduct(e), e.Message})
	}
	_, err := io.WriteString(w, textwidth.Table(rows, ""))
	return err
}

// WriteJSON writes entries as a JSON array.
func WriteJSON(w io.Writer, entries []Row) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if entries == nil {
		entries = []Row{}
	}
	return enc.Encode(entries)
}

func deduct(e Row) string {
	s := fmt.Sprint(e.Deduct)
	if e.MaxDeduct > 0 {
		s += fmt.Sprintf("（上限 %v）", e.MaxDeduct)
	}
	if e.Fatal {
		s += " 红线"
	}
	return s
}

// Book is one rulebook's section of a Markdown catalogue.
type Book struct {
	Name, File, Description string
	Entries                 []Row
}

// WriteMarkdown writes a catalogue of books, then the requirements no transcript can show.
func WriteMarkdown(w io.Writer, title, generatedBy string, books []Book, reqs []Requirement) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	if generatedBy != "" {
		fmt.Fprintf(&b, "<!-- 由 `%s` 生成，请勿手改 / generated, do not edit -->\n\n", generatedBy)
	}
	for _, bk := range books {
		fmt.Fprintf(&b, "## %s (`%s`)\n\n", bk.Name, bk.File)
		if bk.Description != "" {
			fmt.Fprintf(&b, "%s\n\n", bk.Description)
		}
		b.WriteString("| id | 类型 kind | 角色 role | 扣分 deduct | 严重程度 | 依据 source |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, e := range bk.Entries {
			id := "`" + e.ID + "`"
			if e.Condition != "" {
				id += "（条件组 `" + e.Condition + "`）"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", id, e.Kind, e.Role, deduct(e), e.Severity, cell(e.Source))
		}
		b.WriteString("\n")
	}
	if len(reqs) > 0 {
		b.WriteString(msg.Sprintf("catalog.requirements-transcript-cannot-show"))
		b.WriteString("| 依据 seed | 条目 | 要求 | 原因 why |\n| --- | --- | --- | --- |\n")
		for _, r := range reqs {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.Seed, cell(r.Section), cell(r.Text), cell(r.Why))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell keeps text inside one Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
