//go:build !unix

package main

import (
	"os"
	"time"
)

// peakRSS is not known on this system.
func peakRSS(*os.ProcessState) int64 { return 0 }

// cpuTime is the CPU time a finished process used, user and system.
func cpuTime(ps *os.ProcessState) time.Duration { return ps.UserTime() + ps.SystemTime() }
