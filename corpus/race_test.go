//go:build race

package corpus

// raceEnabled is set when the tests run under the race detector, whose
// cost makes timings meaningless.
const raceEnabled = true
