package bottest

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// LoadSize is how many commands a load test sends: 10,000, or 1,000 with
// -short.
func LoadSize() int {
	if testing.Short() {
		return 1_000
	}
	return 10_000
}

// LoadBudget bounds a load test's time: past it, the test stops sending
// and fails. Under the race detector everything is several times slower.
func LoadBudget() time.Duration {
	if RaceEnabled {
		return 3 * time.Minute
	}
	return time.Minute
}

// Latency summarises the times a load test measured: its percentiles and
// the throughput, as one line for the test log.
func Latency(took []time.Duration, elapsed time.Duration, concurrency int) string {
	if len(took) == 0 {
		return "no commands"
	}
	s := slices.Clone(took)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(10 * time.Microsecond)
	}
	race := ""
	if RaceEnabled {
		race = ", race detector on"
	}
	return fmt.Sprintf("%d commands at concurrency %d in %v (%.0f/s%s): p50 %v, p90 %v, p99 %v, max %v",
		len(s), concurrency, elapsed.Round(time.Millisecond), float64(len(s))/elapsed.Seconds(), race,
		at(0.50), at(0.90), at(0.99), at(1))
}
