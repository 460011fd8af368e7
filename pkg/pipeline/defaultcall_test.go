package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// checkWithDefault checks one call, written to a file, with the embedded default
// rulebook, and returns its report entry and the rulebook.
func checkWithDefault(t *testing.T, call string) (report.Call, *rulebook.Rulebook) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.txt"), []byte(call), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load(nil, segment.New())
	if err != nil {
		t.Fatal(err)
	}
	inputs, problems := source.Expand([]string{dir}, source.Options{})
	rep := (&pipeline.Checker{Rulebook: rb, Workers: 1}).Run(inputs, problems)
	return rep.Files[0], rb
}
