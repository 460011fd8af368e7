package main

import (
	"bytes"
	"os"
	"testing"
)

// TestShippedModelsAreTrained: each shipped model is what training on the labelled dev
// halves gives today, so a label changed without retraining (go run ./testdata/qa/train)
// fails here.
func TestShippedModelsAreTrained(t *testing.T) {
	for _, task := range tasks {
		t.Run(task.name, func(t *testing.T) {
			want, err := os.ReadFile("../../../rules/models/" + task.name + ".bin")
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := build("..", task, false)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rules/models/%s.bin is not what the labels train: run go run ./testdata/qa/train", task.name)
			}
		})
	}
}
