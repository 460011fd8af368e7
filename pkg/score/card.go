package score

// Card is a rulebook's scorecard, as QA forms are laid out: sections worth so many points
// (服务规范 40, 服务态度 30, 服务程序 30), none of which can lose more than it is worth,
// and grade bands over the final score (优, 良, 合格, 不合格).
type Card struct {
	Sections []Section
	Grades   []Grade // highest first
}

// Section is a part of the form and the points it is worth.
type Section struct {
	Name   string
	Points float64
}

// Grade is a band: a score of at least Min gets Name.
type Grade struct {
	Name string
	Min  float64
}

// SectionScore is what a call kept of a section.
type SectionScore struct {
	Name   string  `json:"name"`
	Points float64 `json:"points"`
	Lost   float64 `json:"lost"`
	Score  float64 `json:"score"`
}

// Grade is the band a score falls in, "" without grades.
func (c *Card) Grade(score float64) string {
	if c == nil {
		return ""
	}
	for _, g := range c.Grades {
		if score >= g.Min {
			return g.Name
		}
	}
	return ""
}

// points is the worth of the section called name, 0 for none.
func (c *Card) points(name string) float64 {
	if c == nil {
		return 0
	}
	for _, s := range c.Sections {
		if s.Name == name {
			return s.Points
		}
	}
	return 0
}
