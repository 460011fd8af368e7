package transcript_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestRoleMapLookupFolds(t *testing.T) {
	roles := transcript.DefaultRoles().With(transcript.Agent, "Оператор", "Ａｇｅｎｔ")
	for _, tc := range []struct {
		label string
		role  transcript.Role
		known bool
	}{
		{"坐席", transcript.Agent, true},
		{" 客户 ", transcript.Customer, true},
		{"\u3000客户", transcript.Customer, true},
		{"AGENT", transcript.Agent, true},
		{"Customer", transcript.Customer, true},
		{"ОПЕРАТОР", transcript.Agent, true},
		{"ＡＧＥＮＴ", transcript.Agent, true},
		{"B", transcript.Customer, true},
		{"您好，快通客服", "", false},
		{"", "", false},
		{"agents", "", false},
	} {
		role, known := roles.Lookup(tc.label)
		if role != tc.role || known != tc.known {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tc.label, role, known, tc.role, tc.known)
		}
	}
}
