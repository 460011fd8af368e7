package main

import (
	"bytes"
	"os"
	"testing"
)

// TestShippedModelIsTrained: the shipped model is what training on the labelled dev
// halves gives today, so a label changed without retraining (go run ./testdata/qa/train)
// fails here.
func TestShippedModelIsTrained(t *testing.T) {
	want, err := os.ReadFile("../../../rules/models/forbidden-phrase.bin")
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := build("..", false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("rules/models/forbidden-phrase.bin is not what the labels train: run go run ./testdata/qa/train")
	}
}
