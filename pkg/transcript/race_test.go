//go:build race

package transcript_test

// raceEnabled says the tests run under the race detector, whose runtime allocates on
// its own account (sync.Pool drops what it is given), so allocation counts mean nothing.
const raceEnabled = true
