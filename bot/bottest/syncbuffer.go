package bottest

import (
	"bytes"
	"sync"
)

// SyncBuffer is a bytes.Buffer safe to write and read from two
// goroutines: a logger or a command's output on one, a test on the other.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
