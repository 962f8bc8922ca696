package bottest

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
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

// Contended measures light commands while heavy ones keep the bot busy:
// heavyN goroutines call heavy(i), i numbering the goroutine, over and
// over; meanwhile light(j) is called for j from 0 to lightN-1 from
// lightConcurrency goroutines, each call timed, each goroutine pausing
// for pause between its calls, as people do. The light calls begin once
// every heavy goroutine has begun its first call, and the heavy calls
// stop when the light ones are done. It returns the light calls' times
// and how long they took in all.
func Contended(heavyN int, heavy func(i int), lightN, lightConcurrency int, pause time.Duration, light func(j int)) (took []time.Duration, elapsed time.Duration) {
	var (
		stop    atomic.Bool
		started sync.WaitGroup
		heavies sync.WaitGroup
	)
	started.Add(heavyN)
	for i := range heavyN {
		heavies.Go(func() {
			started.Done()
			for !stop.Load() {
				heavy(i)
			}
		})
	}
	started.Wait()
	took = make([]time.Duration, lightN)
	var next atomic.Int64
	var lights sync.WaitGroup
	began := time.Now()
	for range lightConcurrency {
		lights.Go(func() {
			for {
				j := int(next.Add(1)) - 1
				if j >= lightN {
					return
				}
				start := time.Now()
				light(j)
				took[j] = time.Since(start)
				time.Sleep(pause)
			}
		})
	}
	lights.Wait()
	elapsed = time.Since(began)
	stop.Store(true)
	heavies.Wait()
	return took, elapsed
}

// Percentile returns the p-th percentile (p from 0 to 1) of took, as
// Latency reports it.
func Percentile(took []time.Duration, p float64) time.Duration {
	if len(took) == 0 {
		return 0
	}
	s := slices.Clone(took)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
