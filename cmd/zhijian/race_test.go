//go:build race

package main_test

// raceEnabled says the tests run under the race detector. The binary they run is built
// without it, but this test process is several hundred megabytes, and a child's peak
// memory then says nothing (runMeasured): a test that only measures is skipped.
const raceEnabled = true
