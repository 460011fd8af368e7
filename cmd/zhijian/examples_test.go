package main_test

import (
	"strings"
	"testing"
)

// The worked example of docs/rulebook.md (a bank's compliance rulebook: expressions,
// entities, not_regex, a window, masking) passes its own cases and lints clean.
func TestBankComplianceExample(t *testing.T) {
	if r := zhijian(t, "", "rules", "test", "docs/examples/bank/cases"); r.code != 0 || !strings.Contains(r.stdout, "2 passed") {
		t.Errorf("rules test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := zhijian(t, "", "rules", "lint", "docs/examples/bank/compliance.yaml"); r.code != 0 || !strings.Contains(r.stdout+r.stderr, "0 warning(s)") {
		t.Errorf("rules lint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := zhijian(t, "", "check", "--rules", "docs/examples/bank/compliance.yaml", "docs/examples/bank/cases/violations.txt")
	if r.code != 1 || strings.Contains(r.stdout, "6222021234567890123") || !strings.Contains(r.stdout, "622*") {
		t.Errorf("check: exit %d, the card number not masked:\n%s", r.code, r.stdout)
	}
}
