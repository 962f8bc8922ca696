package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/archivebot/archivebot/index"
)

// Fair use of the searches. A search (Paragraphs or Documents) takes one
// of the bot's search slots for as long as it runs; looking up a document
// by id, a name or a title prefix takes none, so cite by id, doc and help
// never wait behind searches. On top of the slots:
//
//   - each user has at most MaxUserInFlight searches running at once;
//     another is refused politely at once;
//   - a search that passes its deadline is abandoned: the command is
//     answered at once that the archive took too long, and the search's
//     slot is freed while the search runs on in the background until Bleve
//     returns (Bleve looks at the deadline only between hits, so a search
//     with few hits can run long past it). At most MaxAbandoned searches
//     may run on that way; past that, a timed-out search keeps its slot
//     until it ends. An abandoned search still counts against its user's
//     MaxUserInFlight, so no one can pile them up;
//   - a command cut off at its deadline costs its user TimeoutCost
//     requests of their rate budget (see Reply.Cost).

// Defaults for Options.MaxUserInFlight and Options.MaxAbandoned.
const (
	DefaultMaxUserInFlight = 1
	DefaultMaxAbandoned    = 8
)

// TimeoutCost is what a command cut off at its deadline costs its user's
// rate budget, in requests: a heavy query that times out uses the archive
// for as long as several ordinary ones.
const TimeoutCost = 5

// MaxQueryWords bounds the words (those of quoted phrases included) of one
// search that it looks up: stop words ("the", "of"), which the index
// drops, are not counted. Each other word is a term of the search, and a
// query of many common words reads long postings lists; a question as
// people ask it ("Voroshilov tells the Iranian monarch that Moscow has no
// fixed agenda and wants an open exchange of views") has about a dozen.
const MaxQueryWords = 16

var (
	// errBusy: no search slot came free in time.
	errBusy = errors.New("no search slot free")
	// errUserBusy: the user has MaxUserInFlight searches running.
	errUserBusy = errors.New("the user's searches are all running")
)

// UserBusy is the reply to a user who asks for another search while their
// others are still running.
func UserBusy() Reply {
	return Reply{Kind: KindUsage, Headline: "I'm still looking up your previous question: please wait for its answer before asking another.", Hint: "Commands that need no search, such as `cite 115932` or `doc 115932`, work meanwhile.", Private: true}
}

// searches holds the bot's search slots and counts each user's searches.
type searches struct {
	slots     chan struct{}
	abandoned chan struct{}
	wait      time.Duration
	perUser   int

	mu    sync.Mutex
	users map[string]int
}

func newSearches(slots, abandoned, perUser int, wait time.Duration) *searches {
	return &searches{
		slots: make(chan struct{}, slots), abandoned: make(chan struct{}, abandoned),
		wait: wait, perUser: perUser, users: map[string]int{},
	}
}

// enter takes one of user's searches and a search slot, waiting a little
// for the slot. An empty user is not limited on their own.
func (s *searches) enter(ctx context.Context, user string) error {
	if user != "" {
		s.mu.Lock()
		if s.users[user] >= s.perUser {
			s.mu.Unlock()
			return errUserBusy
		}
		s.users[user]++
		s.mu.Unlock()
	}
	if !s.takeSlot(ctx) {
		s.leaveUser(user)
		return errBusy
	}
	return nil
}

func (s *searches) leaveUser(user string) {
	if user == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[user]--; s.users[user] <= 0 {
		delete(s.users, user)
	}
}

// takeSlot waits a little for a free search slot.
func (s *searches) takeSlot(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// snapshot is the archive one command reads, released when the command
// and every search it abandoned are done: a reloaded index must not close
// under a search still running.
type snapshot struct {
	mu      sync.Mutex
	refs    int
	release func()
}

func (s *snapshot) hold() {
	s.mu.Lock()
	s.refs++
	s.mu.Unlock()
}

func (s *snapshot) done() {
	s.mu.Lock()
	s.refs--
	last := s.refs == 0
	s.mu.Unlock()
	if last {
		s.release()
	}
}

// gated is the archive as one command sees it: its searches take slots
// and end at the command's deadline (see searches); the rest passes
// straight through.
type gated struct {
	Archive
	b    *Bot
	user string
	snap *snapshot
}

// ungated is the archive behind a command's gate, for the optional
// interfaces of *index.Index the gate does not pass on (a person table,
// the day list, reading ahead).
func ungated(a Archive) Archive {
	if g, ok := a.(gated); ok {
		return g.Archive
	}
	return a
}

func (g gated) Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error) {
	return search(ctx, g, func(ctx context.Context) (index.ParagraphResult, error) { return g.Archive.Paragraphs(ctx, q) })
}

func (g gated) Documents(ctx context.Context, q index.Query) (index.DocumentResult, error) {
	return search(ctx, g, func(ctx context.Context) (index.DocumentResult, error) { return g.Archive.Documents(ctx, q) })
}

func (g gated) Events(ctx context.Context, q index.Query) (index.EventResult, error) {
	return search(ctx, g, func(ctx context.Context) (index.EventResult, error) { return g.Archive.Events(ctx, q) })
}

// searchResult is what a search's goroutine hands back.
type searchResult[T any] struct {
	v        T
	err      error
	panicked any
	stack    []byte
}

// search runs fn in a search slot, in a goroutine of its own, and returns
// its result, or ErrTimeout as soon as ctx's deadline passes, leaving fn
// to finish in the background (see searches).
func search[T any](ctx context.Context, g gated, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	s := g.b.searches
	if err := s.enter(ctx, g.user); err != nil {
		return zero, err
	}
	var (
		mu        sync.Mutex
		finished  bool
		left      bool // the command went on without the result
		abandoned bool // holds an abandoned slot instead of a search slot
	)
	done := make(chan searchResult[T], 1)
	g.snap.hold()
	go func() {
		var r searchResult[T]
		defer func() {
			if p := recover(); p != nil {
				r = searchResult[T]{panicked: p, stack: debug.Stack()}
			}
			mu.Lock()
			finished = true
			if abandoned {
				<-s.abandoned
			} else {
				<-s.slots
			}
			if left && r.panicked != nil {
				g.b.log.ErrorContext(ctx, "search panicked after its deadline", "panic", fmt.Sprintf("%T", r.panicked), "stack", string(r.stack))
			}
			mu.Unlock()
			s.leaveUser(g.user)
			g.snap.done()
			done <- r
		}()
		r.v, r.err = fn(ctx)
	}()
	select {
	case r := <-done:
		if r.panicked != nil {
			panic(r.panicked) // for run to recover, log and answer
		}
		return r.v, r.err
	case <-ctx.Done():
	}
	mu.Lock()
	if finished { // it ended just as the deadline passed
		mu.Unlock()
		r := <-done
		if r.panicked != nil {
			panic(r.panicked)
		}
		return r.v, r.err
	}
	left = true
	// Free the search slot for others if the abandoned searches may grow;
	// else the search keeps its slot until it ends.
	select {
	case s.abandoned <- struct{}{}:
		abandoned = true
		<-s.slots
	default:
	}
	mu.Unlock()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return zero, fmt.Errorf("search: %w: %w", index.ErrTimeout, ctx.Err())
	}
	return zero, fmt.Errorf("search: %w", ctx.Err())
}
