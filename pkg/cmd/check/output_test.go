package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

func TestResolveOutputs(t *testing.T) {
	tests := []struct {
		args []string
		tty  bool
		want string // format:path ..., or "error: ..." for a flag error
	}{
		{nil, false, "text:-"},
		{[]string{"-f", "json"}, false, "json:-"},
		{[]string{"-o", "r.json"}, false, "json:r.json"},
		{[]string{"-o", "r.HTML"}, false, "html:r.HTML"},
		{[]string{"-o", "report"}, false, "text:report"},
		{[]string{"-f", "text", "-o", "r.json"}, false, "text:r.json"},
		{[]string{"-o", "html=a.html", "-o", "xlsx=b.xlsx"}, false, "html:a.html xlsx:b.xlsx"},
		{[]string{"-f", "text", "-o", "html=a.html"}, false, "text:- html:a.html"},
		{[]string{"-o", "html=a.html", "-o", "jsonl=-"}, false, "html:a.html jsonl:-"},
		{[]string{"--summary-csv", "c.csv"}, false, "summary-csv:c.csv"},
		{[]string{"-f", "csv", "--summary-csv", "c.csv"}, false, "csv:- summary-csv:c.csv"},
		{[]string{"-o", "dir/k=v.txt"}, false, "text:dir/k=v.txt"},
		{[]string{"-f", "xlsx"}, false, "xlsx:-"},
		{[]string{"-f", "xlsx"}, true, "error: xlsx cannot go to a terminal"},
		{[]string{"-f", "text", "-o", "json=-"}, false, "error: only one report can go to standard output"},
		{[]string{"-o", "a.json", "-o", "csv=./a.json"}, false, "error: two reports written to"},
		{[]string{"-o", "html="}, false, "error: needs a file name"},
		{[]string{"-f", "pdf"}, false, "error: unknown --format"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			ios.SetStdoutTTY(tt.tty)
			var got *Options
			cmd := NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(append(tt.args, "x.txt"))
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want one mentioning %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var outs []string
			for _, o := range got.outputs {
				outs = append(outs, fmt.Sprintf("%s:%s", o.Format, o.Path))
			}
			if s := strings.Join(outs, " "); s != tt.want {
				t.Errorf("outputs %s, want %s", s, tt.want)
			}
		})
	}
}
