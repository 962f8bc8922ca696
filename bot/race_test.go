//go:build race

package bot

// raceEnabled reports whether the tests run under the race detector,
// which slows them several times over.
const raceEnabled = true
