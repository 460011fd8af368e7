package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes r as indented JSON. Empty lists and maps are written as [] and {}
// rather than null so consumers can iterate without nil checks; r itself is not changed.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Quoted utterances contain Chinese and may contain <>&; keep them readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(normalized(r)) // Encode adds the trailing newline
}

// normalized returns a shallow copy of r with nil slices and maps replaced by empty
// ones. Only the containers that change are copied, never the caller's.
func normalized(r *Report) *Report {
	out := *r
	out.Files = make([]File, len(r.Files))
	for i, f := range r.Files {
		out.Files[i] = normalizedFile(f)
	}
	if out.Summary.TopRules == nil {
		out.Summary.TopRules = []RuleCount{}
	}
	if out.Summary.Lowest == nil {
		out.Summary.Lowest = []CallScore{}
	}
	return &out
}

// normalizedFile returns f with a nil metadata map or findings list made empty.
func normalizedFile(f File) File {
	if f.Metadata == nil {
		f.Metadata = map[string]string{}
	}
	if f.Findings == nil {
		f.Findings = []Finding{}
	}
	return f
}
