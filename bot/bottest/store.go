package bottest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/state"
)

// NewStore is the state store of a test, closed when the test ends.
// TODO(bib): state.Open on a bbolt file in tb.TempDir() once the store lands.
func NewStore(tb testing.TB) state.Store {
	tb.Helper()
	s := &memStore{lists: map[string][]state.Entry{}}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// memStore keeps lists in memory, as the Store interface says, until
// the bbolt store lands.
type memStore struct {
	mu    sync.Mutex
	lists map[string][]state.Entry
}

func (s *memStore) Save(_ context.Context, conv string, e state.Entry) (int, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.lists[conv] {
		if x.DocID == e.DocID && x.Paragraph == e.Paragraph {
			return i + 1, false, nil
		}
	}
	if len(s.lists[conv]) >= state.MaxEntries {
		return 0, false, state.ErrFull
	}
	s.lists[conv] = append(s.lists[conv], e)
	return len(s.lists[conv]), true, nil
}

func (s *memStore) List(_ context.Context, conv string) ([]state.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]state.Entry(nil), s.lists[conv]...), nil
}

func (s *memStore) Remove(_ context.Context, conv string, pos int) (state.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lists[conv]
	if pos < 1 || pos > len(l) {
		return state.Entry{}, state.ErrNoEntry
	}
	e := l[pos-1]
	s.lists[conv] = append(l[:pos-1:pos-1], l[pos:]...)
	return e, nil
}

func (s *memStore) Clear(_ context.Context, conv string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.lists[conv])
	delete(s.lists, conv)
	return n, nil
}

func (s *memStore) ClaimDaily(context.Context, string, string, string, time.Duration) (bool, error) {
	return true, nil
}
func (s *memStore) DailyPosted(context.Context, string, string, string) error { return nil }
func (s *memStore) Close() error                                              { return nil }
