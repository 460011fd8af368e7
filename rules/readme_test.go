package rules_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
)

var update = flag.Bool("update", false, "rewrite rules/README.md")

// TestReadmeInStep keeps rules/README.md, the catalogue of the shipped rules, in step with
// the rulebooks it describes.
func TestReadmeInStep(t *testing.T) {
	books, reqs, err := catalog.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := catalog.WriteMarkdown(&buf, "内置规则手册 / Shipped rulebooks", catalog.ReadmeCommand, books, reqs); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("README.md", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("rules/README.md is out of date; regenerate it with\n  %s", catalog.ReadmeCommand)
	}
}
