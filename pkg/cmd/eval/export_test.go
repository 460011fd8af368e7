package eval

import (
	"encoding/json"
	"fmt"
	"os"
)

// ReadFigures reads committed figures (figures.json: a Result as JSON).
func ReadFigures(path string) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &r, nil
}
