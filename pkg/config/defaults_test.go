package config_test

import (
	"slices"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/config"
)

// The configuration's defaults are zhijian check's, so `zhijian config` tells the truth.
func TestDefaultsAreCheckDefaults(t *testing.T) {
	if !slices.Equal(config.DefaultInclude, check.DefaultInclude) {
		t.Errorf("config.DefaultInclude %v, check.DefaultInclude %v", config.DefaultInclude, check.DefaultInclude)
	}
	for _, f := range check.Formats {
		if !slices.Contains(config.Formats, f) {
			t.Errorf("format %q of zhijian check is not accepted in .zhijian.yaml", f)
		}
	}
}
