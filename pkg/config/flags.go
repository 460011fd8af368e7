package config

import (
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// FlagOf names the command-line flag that overrides each configuration key.
var FlagOf = map[string]string{
	"rules": "rules", "include": "include", "exclude": "exclude", "format": "format", "output": "output",
	"fail_under": "fail-under", "fail_level": "fail-level", "lang": "lang", "baseline": "baseline", "tests": "tests",
}

// AddFlags registers --config and --no-config on a command that reads the project
// configuration.
func AddFlags(fs *pflag.FlagSet, opts *Options) {
	fs.StringVar(&opts.File, "config", "", msg.Sprintf("config.configuration-file-default-nearest-zhijian"))
	fs.BoolVar(&opts.None, "no-config", false, msg.Sprintf("config.ignore-any-configuration-file"))
}

// ApplyFlags lets the flags the user gave override the configuration. Only flags the
// command has and that were set count; their values are checked here where the
// command does not check them itself.
func (c *Config) ApplyFlags(fs *pflag.FlagSet) error {
	for key, name := range FlagOf {
		f := fs.Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		src := Source{Kind: FromFlag, Name: name}
		var list []string
		var str string
		switch f.Value.Type() {
		case "stringArray":
			list, _ = fs.GetStringArray(name)
		case "stringSlice":
			list, _ = fs.GetStringSlice(name)
		case "string":
			str = f.Value.String()
		}
		switch key {
		case "rules":
			c.Rules = Value[[]string]{list, src}
		case "include", "exclude":
			// As in the configuration file: a pattern that cannot match anything was
			// left out without a word, and the files it was to exclude were checked.
			for _, g := range list {
				if !validGlob(g) {
					return msg.Errorf("config.invalid-glob-flag", name, g)
				}
			}
			if key == "include" {
				c.Include = Value[[]string]{list, src}
			} else {
				c.Exclude = Value[[]string]{list, src}
			}
		case "output":
			c.Output = Value[[]string]{list, src}
		case "tests":
			c.Tests = Value[[]string]{list, src}
		case "format":
			c.Format = Value[string]{str, src}
		case "lang":
			c.Lang = Value[string]{str, src}
		case "baseline":
			c.Baseline = Value[string]{str, src}
		case "fail_level":
			if !slices.Contains(FailLevels, str) {
				return msg.Errorf("config.unknown-fail-level", str, strings.Join(FailLevels, "、"))
			}
			c.FailLevel = Value[string]{str, src}
		case "fail_under":
			v, err := fs.GetFloat64(name)
			if err != nil {
				return err
			}
			if v < 0 || v > 100 {
				return msg.Errorf("config.fail-under-must-100")
			}
			c.FailUnder = Value[float64]{v, src}
		}
	}
	return nil
}
