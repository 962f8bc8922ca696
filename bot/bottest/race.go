//go:build race

package bottest

// RaceEnabled reports whether the tests run under the race detector,
// which slows them several times over.
const RaceEnabled = true
