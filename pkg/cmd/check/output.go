package check

import (
	"slices"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

// Formats are the report formats --format and --output FORMAT=FILE accept.
var Formats = report.FormatNames()

// wants says whether any report is in format f.
func (opts *Options) wants(f string) bool {
	return slices.ContainsFunc(opts.outputs, func(o report.Output) bool { return o.Format == f })
}
