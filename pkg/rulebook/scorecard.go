package rulebook

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/score"
)

// scorecard reads a rulebook's scorecard: sections whose points add up to 100, and
// grade bands from the highest down.
//
//	scorecard:
//	  sections: [{name: 服务规范, points: 40}, {name: 服务态度, points: 30}, {name: 服务程序, points: 30}]
//	  grades: [{name: 优, min: 90}, {name: 良, min: 80}, {name: 合格, min: 60}, {name: 不合格, min: 0}]
func (l *loader) scorecard(n *yaml.Node) *score.Card {
	card := &score.Card{}
	l.fields(n, "scorecard ", func(key string, k, v *yaml.Node) {
		switch key {
		case "sections":
			total, seen := 0.0, map[string]bool{}
			l.items(v, "例如 sections: [{name: 服务规范, points: 40}]", func(item *yaml.Node) {
				var s score.Section
				l.fields(item, "section ", func(key string, k, v *yaml.Node) {
					switch key {
					case "name":
						s.Name = l.text(v)
					case "points":
						s.Points = l.number(v, 0, 100)
					default:
						l.unknown(k, keyList("section"))
					}
				})
				switch {
				case s.Name == "" || s.Points <= 0:
					l.errorf(item, "例如 {name: 服务规范, points: 40}", "rulebook.section-needs-name-points")
				case seen[s.Name]:
					l.errorf(item, "", "rulebook.duplicate-section", s.Name)
				default:
					seen[s.Name] = true
					total += s.Points
					card.Sections = append(card.Sections, s)
				}
			})
			if len(card.Sections) > 0 && total != score.Max {
				l.errorf(v, "各部分的分值之和须为 100", "rulebook.sections-add-up", strconv.FormatFloat(total, 'f', -1, 64))
			}
		case "grades":
			l.items(v, "例如 grades: [{name: 优, min: 90}, {name: 合格, min: 60}]", func(item *yaml.Node) {
				g := score.Grade{Min: -1}
				l.fields(item, "grade ", func(key string, k, v *yaml.Node) {
					switch key {
					case "name":
						g.Name = l.text(v)
					case "min":
						g.Min = l.number(v, 0, 100)
					default:
						l.unknown(k, keyList("grade"))
					}
				})
				if g.Name == "" || g.Min < 0 {
					l.errorf(item, "例如 {name: 良, min: 80}", "rulebook.grade-needs-name-min")
					return
				}
				if k := len(card.Grades); k > 0 && g.Min >= card.Grades[k-1].Min {
					l.errorf(item, "从高到低写：优、良、合格、不合格", "rulebook.grades-highest-first")
				}
				card.Grades = append(card.Grades, g)
			})
		default:
			l.unknown(k, keyList("scorecard"))
		}
	})
	return card
}

// items walks a non-empty list.
func (l *loader) items(n *yaml.Node, hint string, f func(item *yaml.Node)) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(n, hint, "rulebook.must-non-empty-list")
		return
	}
	for _, item := range n.Content {
		f(resolve(item))
	}
}

func hasSection(c *score.Card, name string) bool {
	for _, s := range c.Sections {
		if s.Name == name {
			return true
		}
	}
	return false
}

func sectionNames(c *score.Card) string {
	var names []string
	for _, s := range c.Sections {
		names = append(names, s.Name)
	}
	return strings.Join(names, "、")
}
