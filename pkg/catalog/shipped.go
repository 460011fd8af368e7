package catalog

import (
	"io/fs"

	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/rules"
)

// ReadmeCommand regenerates rules/README.md; a test keeps the file in step with it.
const ReadmeCommand = "go run ./cmd/zhijian rules list --shipped --format markdown > rules/README.md"

// Shipped describes every shipped rulebook that defines rules of its own, and the seed
// requirements no transcript can show.
func Shipped() ([]Book, []Requirement, error) {
	var books []Book
	for _, name := range rulebook.Names() {
		rb, err := rulebook.Shipped(name, nil)
		if err != nil {
			return nil, nil, err
		}
		file := "rules/" + name + ".yaml"
		bk := Book{Name: rb.Name, File: file, Description: rb.Description}
		for _, e := range Rows(rb) {
			if e.File == file {
				bk.Entries = append(bk.Entries, e)
			}
		}
		if len(bk.Entries) > 0 {
			books = append(books, bk)
		}
	}
	data, err := fs.ReadFile(rules.FS, rules.UncheckableFile)
	if err != nil {
		return books, nil, nil
	}
	reqs, err := ParseRequirements(data)
	return books, reqs, err
}
