package rulebook_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/lint"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

// TestEveryKindIsComplete holds each registered rule kind (rule.Kinds) to what the rest
// of zhijian expects of it, so a kind added in one file is handled everywhere: a name, a
// doc in both languages, keys the loader and the schema know, an example that loads into
// a rule of the kind that describes itself for explain, lint and --strict, and a loader
// that refuses every other kind's keys on it.
func TestEveryKindIsComplete(t *testing.T) {
	schemaProps := object(t, rawSchema(t), "$defs", "rule", "properties")
	seen := map[string]bool{}
	for _, k := range rule.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			if k.Name == "" || seen[k.Name] {
				t.Fatalf("kind name %q empty or registered twice", k.Name)
			}
			seen[k.Name] = true
			if zh, en, ok := strings.Cut(k.Doc, " / "); !ok || zh == "" || en == "" {
				t.Errorf("Doc %q is not \"中文 / English\"", k.Doc)
			}
			if k.Build == nil || k.Example == "" {
				t.Fatal("no Build or no Example")
			}
			for _, key := range append(slices.Clone(k.Keys), k.Required...) {
				if schemaProps[key] == nil {
					t.Errorf("key %s has no property in %s $defs.rule", key, schemaPath)
				}
				if !slices.Contains(rulebook.Keys["rule"], key) {
					t.Errorf("key %s is not among the loader's rule keys", key)
				}
			}
			if k.Schema != "" {
				var v map[string]any
				if err := json.Unmarshal([]byte(k.Schema), &v); err != nil {
					t.Errorf("Schema is not a JSON object: %v", err)
				}
			}

			rb, err := rulebook.Parse("example.yaml", []byte("name: example\nrules:\n  - "+k.Example+"\n"), nil)
			if err != nil {
				t.Fatalf("Example does not load: %v", err)
			}
			e := catalog.Walk(rb.Rules)[0]
			if got := e.Rule.Meta().Kind; got != k.Name {
				t.Fatalf("Example builds a %s rule", got)
			}
			if _, ok := e.Rule.(rule.Described); !ok {
				t.Errorf("%T does not implement rule.Described (Uses, Describe)", e.Rule)
			}
			if len(catalog.Describe(e)) < 2 {
				t.Errorf("explain says nothing of the kind: %v", catalog.Describe(e))
			}
			if !k.Timing && !k.Phraseless && len(catalog.Uses(e.Rule)) == 0 {
				t.Errorf("a phrase kind whose example uses no phrase: lint and --strict would skip it")
			}
			rule.Strict(rb.Rules)
			path := filepath.Join(t.TempDir(), "example.yaml")
			if err := os.WriteFile(path, []byte("name: example\nrules:\n  - "+k.Example+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range (&lint.Linter{}).File(path) {
				if p.Level == lint.Error {
					t.Errorf("lint: %s", p.Long())
				}
			}

			// Every key another kind takes, this kind refuses by name.
			for _, key := range rulebook.Keys["rule"] {
				if k.Takes(key) || !isKindKey(key) || (key == "window" && !k.Timing) {
					continue
				}
				src := fmt.Sprintf("name: example\nrules:\n  - %s\n", strings.TrimSuffix(k.Example, "}")+", "+key+": 1}")
				_, err := rulebook.Parse("example.yaml", []byte(src), nil)
				if err == nil || !strings.Contains(err.Error(), "rules take no "+key) {
					t.Errorf("with %s: %v, want \"%s rules take no %s\"", key, err, k.Name, key)
				}
			}
		})
	}
	if got, want := len(seen), len(rulebook.Kinds); got != want {
		t.Errorf("%d kinds registered, rulebook.Kinds lists %d", got, want)
	}
}

// isKindKey reports whether key belongs to some kind rather than to every rule.
func isKindKey(key string) bool {
	for _, k := range rule.Kinds {
		if k.Takes(key) {
			return true
		}
	}
	return false
}

// kindBranch is the if/then branch of rules/schema.json's $defs.rule for kind k: the keys
// it requires, false for every key of another kind it does not take, and its Schema.
func kindBranch(t *testing.T, k *rule.Kind) map[string]any {
	t.Helper()
	then := map[string]any{}
	if k.Schema != "" {
		if err := json.Unmarshal([]byte(k.Schema), &then); err != nil {
			t.Fatalf("%s: Schema: %v", k.Name, err)
		}
	}
	props, _ := then["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	for _, key := range rulebook.Keys["rule"] {
		if !isKindKey(key) || k.Takes(key) || (key == "window" && !k.Timing) {
			continue
		}
		props[key] = false
	}
	then["properties"] = props
	req := make([]any, 0, len(k.Required))
	for _, r := range k.Required {
		req = append(req, r)
	}
	then["required"] = req
	return map[string]any{
		"if":   map[string]any{"properties": map[string]any{"kind": map[string]any{"const": k.Name}}, "required": []any{"kind"}},
		"then": then,
	}
}

// TestSchemaKindsFromRegistry keeps the kinds' part of rules/schema.json — the kind
// enum and one if/then branch per kind in $defs.rule — equal to the registry; -update
// writes them from it.
func TestSchemaKindsFromRegistry(t *testing.T) {
	var branches []any
	for _, k := range rule.Kinds {
		branches = append(branches, kindBranch(t, k))
	}
	s := rawSchema(t)
	desc, _ := object(t, s, "$defs", "kind")["description"].(string)
	for _, k := range rule.Kinds {
		if !strings.Contains(desc, k.Name) {
			t.Errorf("$defs.kind.description does not say what %s is", k.Name)
		}
	}
	if *update {
		data, err := os.ReadFile(schemaPath)
		if err != nil {
			t.Fatal(err)
		}
		out, err := spliceKinds(string(data), branches)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(schemaPath, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		s = rawSchema(t)
	}
	got := object(t, s, "$defs", "rule")["allOf"]
	// Compare as JSON values: both sides decoded the same way.
	want := roundTrip(t, branches)
	if !reflect.DeepEqual(roundTrip(t, got), want) {
		t.Errorf("%s $defs.rule.allOf differs from the kinds' records; run go test ./pkg/rulebook -run TestSchemaKindsFromRegistry -update", schemaPath)
	}
	var enum []string
	for _, v := range object(t, s, "$defs", "kind")["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if !reflect.DeepEqual(enum, rulebook.Kinds) {
		t.Errorf("$defs.kind.enum %v, registry %v", enum, rulebook.Kinds)
	}
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// spliceKinds rewrites the kind enum and $defs.rule's allOf in the schema's text, leaving
// the hand-written rest as it is.
func spliceKinds(text string, branches []any) (string, error) {
	const enumAt = `"enum": ["required"`
	i := strings.Index(text, enumAt)
	if i < 0 {
		return "", fmt.Errorf("no kind enum starting %s", enumAt)
	}
	j := i + strings.Index(text[i:], "]")
	names, _ := json.Marshal(rulebook.Kinds)
	text = text[:i] + `"enum": ` + strings.ReplaceAll(string(names), `","`, `", "`) + text[j+1:]

	const allOfAt = "      \"allOf\": [\n"
	i = strings.LastIndex(text, allOfAt)
	if i < 0 {
		return "", fmt.Errorf("no $defs.rule allOf")
	}
	j = i + strings.Index(text[i:], "\n      ]\n")
	var b strings.Builder
	for n, br := range branches {
		m := br.(map[string]any)
		b.WriteString("        {\n          \"if\": " + compactJSON(m["if"]) + ",\n          \"then\": " + compactJSON(m["then"]) + "\n        }")
		if n < len(branches)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	return text[:i+len(allOfAt)] + strings.TrimSuffix(b.String(), "\n") + text[j:], nil
}

// compactJSON writes v on one line, keys sorted, with a space after : and ,.
func compactJSON(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%q: %s", k, compactJSON(v[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = compactJSON(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	data, _ := json.Marshal(v)
	return string(data)
}
