package report

import (
	"fmt"
	"sort"
	"strings"
)

// Merge combines the reports of shards of one batch into the report a single run over
// the whole batch gives: the entries in the order a directory walk lists them (path
// component by component; the calls of one file in their own order) and the summary
// computed again over all of them. The reports must come from the same rulebook.
func Merge(reports []*Report) (*Report, error) {
	out := &Report{}
	for i, r := range reports {
		if i == 0 {
			out.Rulebook = r.Rulebook
		} else if r.Rulebook != out.Rulebook {
			return nil, fmt.Errorf("报告来自不同的规则手册（%s %s 与 %s %s）/ reports come from different rulebooks",
				out.Rulebook.Name, out.Rulebook.Version, r.Rulebook.Name, r.Rulebook.Version)
		}
		out.Files = append(out.Files, r.Files...)
	}
	sort.SliceStable(out.Files, func(i, j int) bool {
		return pathLess(out.Files[i].Path, out.Files[j].Path)
	})
	out.Summary = Summarize(out.Files)
	return out, nil
}

// pathLess orders paths as a sorted directory walk visits them.
func pathLess(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for k := 0; k < len(as) && k < len(bs); k++ {
		if as[k] != bs[k] {
			return as[k] < bs[k]
		}
	}
	return len(as) < len(bs)
}
