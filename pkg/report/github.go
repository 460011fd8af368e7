package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// GitHub Actions workflow commands: one annotation per finding (::error / ::warning /
// ::notice with the file and line), one ::error per file that could not be read, then the
// text report for the log. GitHub shows the annotations on the pull request's changed
// files and in the run's summary.

// WriteGitHub writes r as workflow commands followed by the text report.
func WriteGitHub(w io.Writer, r *Report, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Files {
		if f.Error != "" {
			fmt.Fprintf(bw, "::error file=%s,title=%s::%s\n", ghProperty(f.Path), ghProperty("zhijian"), ghData(f.Error))
			continue
		}
		for _, fd := range f.Findings {
			level := "warning"
			switch fd.Severity {
			case "error":
				level = "error"
			case "info":
				level = "notice"
			}
			props := "file=" + ghProperty(f.Path)
			if fd.Line > 0 {
				props += fmt.Sprintf(",line=%d", fd.Line)
			}
			props += ",title=" + ghProperty("zhijian "+fd.Rule)
			fmt.Fprintf(bw, "::%s %s::%s\n", level, props, ghData(resultMessage(fd)))
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return WriteText(w, r, opts)
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return Printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return Printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}
