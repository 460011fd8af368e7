package report_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

func TestMaskPII(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"我的手机是13812345678，谢谢", "我的手机是138****5678，谢谢"},
		{"号码 138 1234 5678", "号码 138 **** 5678"},
		{"138-1234-5678", "138-****-5678"},
		{"身份证11010519491231002X", "身份证110***********002X"},
		{"卡号6222021234567890123", "卡号622************0123"},
		{"一三八一二三四五六七八", "一三八****五六七八"},
		{"１３８１２３４５６７８", "１３８****５６７８"},
		// fewer than 11 digits, or broken by other characters, are no personal number
		{"工号1533，订单20261101", "工号1533，订单20261101"},
		{"话费58元，流量10G，2026-11-03", "话费58元，流量10G，2026-11-03"},
		{"1381234567", "1381234567"},
		{"138 1234 567 一共", "138 1234 567 一共"},
		{"", ""},
		{"x13812345678x", "x138****5678x"},
		// a separator at the end of a run is not part of it
		{"13812345678 -", "138****5678 -"},
	} {
		if got := report.MaskPII(tt.in); got != tt.want {
			t.Errorf("MaskPII(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCallMaskPII(t *testing.T) {
	meta := map[string]string{"call_id": "C13812345678", "caller": "13812345678", "task_id": "10254791836", "id_card": "11010519491231002X"}
	c := report.Call{
		Metadata:   meta,
		Findings:   []report.Finding{{Text: "请记一下 13812345678", Match: "13812345678"}},
		Notes:      []report.Finding{{Text: "卡号6222021234567890123"}},
		NearMisses: []report.NearMiss{{Heard: "13812345678"}},
		Transcript: []report.Utterance{{Text: "13812345678"}},
	}
	c.MaskPII()
	if c.Findings[0].Text != "请记一下 138****5678" || c.Findings[0].Match != "138****5678" ||
		c.Notes[0].Text != "卡号622************0123" || c.NearMisses[0].Heard != "138****5678" || c.Transcript[0].Text != "138****5678" {
		t.Errorf("masked call: %+v", c)
	}
	if c.Metadata["caller"] != "138****5678" || c.Metadata["id_card"] != "110***********002X" ||
		c.Metadata["call_id"] != "C13812345678" || c.Metadata["task_id"] != "10254791836" {
		t.Errorf("metadata %v", c.Metadata)
	}
	if meta["caller"] != "13812345678" {
		t.Error("the parsed call's metadata map was changed")
	}
}
