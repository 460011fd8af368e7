package rulebook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

// schemaPath is the JSON Schema editors use to complete and check rulebooks.
const schemaPath = "../../rules/schema.json"

// rawSchema reads the schema as plain JSON.
func rawSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	return s
}

// compiledSchema compiles the schema, which also checks it against the draft 2020-12
// meta-schema.
func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.NewCompiler().Compile(abs)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	return sch
}

// yamlInstance decodes a YAML rulebook into the plain JSON values the validator takes.
func yamlInstance(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	js, err := json.Marshal(jsonValue(v))
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(js))
}

// jsonValue turns what yaml.v3 decodes into values encoding/json can write: a mapping
// with keys that are not strings (1: x, true: y) decodes to map[any]any.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

// object follows a path of keys through the raw schema.
func object(t *testing.T, s map[string]any, path ...string) map[string]any {
	t.Helper()
	cur := s
	for i, key := range path {
		next, ok := cur[key].(map[string]any)
		if !ok {
			t.Fatalf("schema has no object at %s", strings.Join(path[:i+1], "."))
		}
		cur = next
	}
	return cur
}

func sortedCopy(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

// TestSchemaKeysMatchLoader keeps rules/schema.json in step with the loader: each kind of
// mapping offers exactly the keys the loader accepts, and the kind enum lists exactly the
// rule kinds, each with its own requirements.
func TestSchemaKeysMatchLoader(t *testing.T) {
	s := rawSchema(t)
	for what, keys := range rulebook.Keys {
		path := []string{"$defs", what} // "rule" → $defs.rule, "window" → $defs.window, ...
		if what == "rulebook" {
			path = nil // the document itself
		}
		props := object(t, s, append(path, "properties")...)
		var got []string
		for k := range props {
			got = append(got, k)
		}
		if got, want := sortedCopy(got), sortedCopy(keys); !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s: properties %v, loader's Keys[%q] %v", strings.Join(append([]string{"#"}, path...), "/"), got, what, want)
		}
	}

	kind := object(t, s, "$defs", "kind")
	var enum []string
	for _, v := range kind["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if got, want := sortedCopy(enum), sortedCopy(rulebook.Kinds); !reflect.DeepEqual(got, want) {
		t.Errorf("schema kind enum %v, rulebook.Kinds %v", enum, rulebook.Kinds)
	}
	if ref := object(t, s, "$defs", "rule", "properties", "kind")["$ref"]; ref != "#/$defs/kind" {
		t.Errorf("$defs.rule.properties.kind is %v, want {$ref: #/$defs/kind}", ref)
	}

	// Every kind has exactly one if/then in $defs.rule that says what it requires.
	branches := map[string]int{}
	allOf, _ := object(t, s, "$defs", "rule")["allOf"].([]any)
	for _, b := range allOf {
		b, _ := b.(map[string]any)
		cond, _ := b["if"].(map[string]any)
		props, _ := cond["properties"].(map[string]any)
		k, _ := props["kind"].(map[string]any)
		name, _ := k["const"].(string)
		then, _ := b["then"].(map[string]any)
		if name == "" || then["required"] == nil {
			t.Errorf("$defs.rule.allOf: %v is not an if kind=… then required: … branch", b)
			continue
		}
		branches[name]++
	}
	for _, k := range rulebook.Kinds {
		if branches[k] != 1 {
			t.Errorf("$defs.rule has %d if/then branches for kind %s, want 1", branches[k], k)
		}
		delete(branches, k)
	}
	for k := range branches {
		t.Errorf("$defs.rule has an if/then branch for unknown kind %s", k)
	}

	// Every mapping with named keys is closed, so an editor flags a misspelt key as the
	// loader does. (if/then branches only add conditions to their rule's own keys.)
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["properties"]; ok && v["type"] == "object" && v["additionalProperties"] != false {
				t.Errorf("schema %s has properties but not additionalProperties: false", at)
			}
			for k, x := range v {
				if k == "properties" || k == "$defs" {
					for name, sub := range x.(map[string]any) {
						walk(sub, at+"/"+k+"/"+name)
					}
					continue
				}
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(s, "#")
}

// TestShippedRulebooksMatchSchema checks that every shipped rulebook passes the schema, so
// an editor shows no false alarm on them.
func TestShippedRulebooksMatchSchema(t *testing.T) {
	sch := compiledSchema(t)
	files, err := filepath.Glob("../../rules/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no rulebooks in ../../rules")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := yamlInstance(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s does not match rules/schema.json:\n%v", f, err)
			}
		})
	}
}

// TestSchemaRejectsBrokenRulebooks checks the schema on small rulebooks, and that the
// loader agrees with it on each.
func TestSchemaRejectsBrokenRulebooks(t *testing.T) {
	sch := compiledSchema(t)
	const allKinds = `name: every-kind
version: 1.0
description: 每种规则各一条
pass_score: 85.5
roles:
  agent: [值班员, 0]
  customer: [乘客]
sets:
  greeting: [您好请讲, "您好{0,20}请问有什么(可以|能)帮您"]
  closing: [谢谢再见, {pattern: 再见, match: utterance}]
rules:
  - id: greeting
    kind: required
    role: agent
    window: {first: 1}
    phrases: [$greeting]
    severity: error
    deduct: 10
    message: 开场未使用标准问候语
    source: "000 服务程序 4"
    description: 开场问候
  - id: rude
    kind: forbidden
    role: agent
    match: chars
    phrases: [你有完没完, {pattern: 讲话, match: utterance}, 110]
    deduct: 0
    max_deduct: 100
    fatal: true
    message: 使用服务禁语
  - id: order
    kind: sequence
    role: any
    window: {last_seconds: 30, first: 5}
    steps:
      - phrases: [$greeting]
      - {phrases: [$closing], match: words}
    message: 问候语须在结束语之前
  - id: answer-thanks
    kind: response
    trigger: {role: customer, phrases: [谢谢], match: chars}
    reply: {role: agent, phrases: [不用谢], within: 2}
    severity: info
    message: 客户致谢后未回应
  - id: address-as-nin
    kind: count
    role: agent
    phrases: [你]
    min: 1
    max: 2
    max_rate: 3.5
    deduct: 5
    message: 多用“您”，不用“你”
  - id: complaint.handling_1
    kind: condition
    when: {role: customer, phrases: [投诉]}
    rules:
      - id: complaint-apology
        kind: required
        role: agent
        window: {first: 3}
        phrases: [对不起]
        message: 投诉电话须首先致歉
      - id: complaint-count
        kind: count
        when: {phrases: [经理]}
        phrases: [抱歉]
        max_rate: 10
        message: 道歉过多
`
	cases := []struct {
		name, yaml string
		valid      bool
	}{
		{"every kind", allKinds, true},
		{"extends and overrides", `name: child
extends: [testdata/schema/parent.yaml]
add_sets:
  greeting: ["您好，快通金融…请问有什么可以帮(到|助)您"]
sets:
  closing: [感谢您的来电再见]
override:
  closing: {deduct: 2, severity: info, fatal: false, message: 未说结束语, window: {last: 2}, max_deduct: 4}
disable: [greeting-before-closing]
`, true},
		{"unknown top-level key", "name: x\nrules: []\nrulez: []\n", false},
		{"unknown rule key", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], message: m, points: 5}\n", false},
		{"bad kind", "name: x\nrules:\n  - {id: a, kind: mandatory, phrases: [你], message: m}\n", false},
		{"no kind", "name: x\nrules:\n  - {id: a, phrases: [你], message: m}\n", false},
		{"forbidden without phrases", "name: x\nrules:\n  - {id: a, kind: forbidden, message: m}\n", false},
		{"empty phrases", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [], message: m}\n", false},
		{"negative deduct", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], deduct: -5, message: m}\n", false},
		{"deduct above 100", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], deduct: 150, message: m}\n", false},
		{"pass score above 100", "name: x\npass_score: 120\nrules: []\n", false},
		{"bad role", "name: x\nrules:\n  - {id: a, kind: forbidden, role: boss, phrases: [你], message: m}\n", false},
		{"bad severity", "name: x\nrules:\n  - {id: a, kind: forbidden, severity: fatal, phrases: [你], message: m}\n", false},
		{"fatal not a boolean", "name: x\nrules:\n  - {id: a, kind: forbidden, fatal: yes, phrases: [你], message: m}\n", false},
		{"bad match in a phrase", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [{pattern: 你, match: exact}], message: m}\n", false},
		{"bad id", "name: x\nrules:\n  - {id: -a, kind: forbidden, phrases: [你], message: m}\n", false},
		{"no message", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你]}\n", false},
		{"zero window", "name: x\nrules:\n  - {id: a, kind: required, window: {first: 0}, phrases: [你], message: m}\n", false},
		{"first and last", "name: x\nrules:\n  - {id: a, kind: required, window: {first: 1, last: 1}, phrases: [你], message: m}\n", false},
		{"forbidden with steps", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], steps: [{phrases: [a]}, {phrases: [b]}], message: m}\n", false},
		{"sequence of one step", "name: x\nrules:\n  - {id: a, kind: sequence, steps: [{phrases: [a]}], message: m}\n", false},
		{"response without reply", "name: x\nrules:\n  - {id: a, kind: response, trigger: {role: customer, phrases: [谢谢]}, message: m}\n", false},
		{"reply within 0", "name: x\nrules:\n  - {id: a, kind: response, trigger: {phrases: [谢谢]}, reply: {phrases: [不客气], within: 0}, message: m}\n", false},
		{"count without bounds", "name: x\nrules:\n  - {id: a, kind: count, phrases: [你], message: m}\n", false},
		{"count max 0", "name: x\nrules:\n  - {id: a, kind: count, phrases: [你], max: 0, message: m}\n", false},
		{"condition without rules", "name: x\nrules:\n  - {id: a, kind: condition, when: {phrases: [投诉]}}\n", false},
		{"set refers to a set", "name: x\nsets:\n  a: [您好]\n  b: [$a]\nrules:\n  - {id: r, kind: required, phrases: [$a, $b], message: m}\n", false},
		{"override changes kind", "name: x\nextends: testdata/schema/parent.yaml\noverride:\n  greeting: {kind: forbidden}\n", false},
		{"missing name", "rules:\n  - {id: a, kind: forbidden, phrases: [你], message: m}\n", false},
		{"neither rules nor extends", "name: x\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inst, err := yamlInstance([]byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			switch err := sch.Validate(inst); {
			case c.valid && err != nil:
				t.Errorf("schema rejects a valid rulebook:\n%v", err)
			case !c.valid && err == nil:
				t.Errorf("schema accepts a broken rulebook:\n%s", c.yaml)
			case err != nil:
				t.Logf("rejected as it should be: %v", err)
			}
			// The schema must say what the loader says.
			_, lerr := rulebook.Parse("case.yaml", []byte(c.yaml), nil)
			if c.valid && lerr != nil {
				t.Errorf("loader rejects a case the schema must accept: %v", lerr)
			}
			if !c.valid && lerr == nil {
				t.Errorf("loader accepts a case the schema must reject")
			}
		})
	}
}
