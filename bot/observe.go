package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Observation is what Handle reports of each request it answers, for
// metrics. It holds nothing of the user's text.
type Observation struct {
	// Command is the name of the command that ran, or "" when the request
	// named no command of the bot's (empty, unreadable, unknown).
	Command string
	// Platform is the Request's.
	Platform string
	// Kind is the kind of the reply.
	Kind Kind
	// Cause says why a failure reply was given: CauseBusy, CauseTimeout,
	// CausePanic or CauseError. It is empty for every other reply.
	Cause string
	// Took is how long Handle took, waiting for a search slot included.
	Took time.Duration
}

// Causes of a failure reply, in Observation.Cause.
const (
	CauseBusy    = "busy"    // no search slot came free in time
	CauseTimeout = "timeout" // the command hit its deadline
	CausePanic   = "panic"   // the command panicked
	CauseError   = "error"   // the archive failed
)

// Outcome is the outcome of a request in one word, for a metric label:
// the cause of a failure, else the reply's kind.
func (o Observation) Outcome() string {
	if o.Cause != "" {
		return o.Cause
	}
	return string(o.Kind)
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying a request id, which the log lines of
// everything that handles the request can show (see LogRequestIDs).
// Adapters call it when an event arrives; Handle makes an id itself when
// ctx has none.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id ctx carries, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// NewRequestID returns a new random request id: 16 hex digits, unique
// enough to find one request's log lines.
func NewRequestID() string {
	return fmt.Sprintf("%016x", rand.Uint64())
}

// LogRequestIDs wraps a log handler so that every record logged with a
// context that carries a request id gets a request_id attribute.
func LogRequestIDs(h slog.Handler) slog.Handler {
	return requestIDHandler{h}
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
