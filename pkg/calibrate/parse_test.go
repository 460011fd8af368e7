package calibrate

import "github.com/zhijian-qa/zhijian/pkg/diag"

// Parse reads one label file's content; name says its format (*.csv or *.json) and
// is used in errors.
func Parse(name string, data []byte) (*Labels, error) {
	if !isLabelFile(name) {
		return nil, diag.List{{Path: name, Msg: "标注文件应为 *.csv 或 *.json / a label file is *.csv or *.json"}}
	}
	b := &builder{byFile: map[string]*Call{}, labels: &Labels{Files: []string{name}}}
	b.parse(name, data)
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	return b.labels, nil
}
