//go:build race

package pipeline_test

// raceEnabled says the tests run under the race detector, which makes checking calls
// about ten times slower.
const raceEnabled = true
