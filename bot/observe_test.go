package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder collects the observations of a bot.
type recorder struct {
	mu  sync.Mutex
	got []Observation
}

func (r *recorder) observe(o Observation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, o)
}

func (r *recorder) last(t *testing.T) Observation {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) == 0 {
		t.Fatal("nothing observed")
	}
	return r.got[len(r.got)-1]
}

func TestObserve(t *testing.T) {
	tests := []struct {
		name        string
		archive     Archive
		timeout     time.Duration
		text        string
		wantCommand string
		wantOutcome string
	}{
		{"answer", testArchive, 0, "quote cotton", "quote", "answer"},
		{"not found", testArchive, 0, "quote zeppelin", "quote", "not_found"},
		{"help", testArchive, 0, "help", "help", "usage"},
		{"missing argument", testArchive, 0, "quote", "quote", "usage"},
		{"unknown command", testArchive, 0, "frobnicate now", "", "usage"},
		{"empty", testArchive, 0, "   ", "", "usage"},
		{"invalid text", testArchive, 0, "quote \xff", "", "usage"},
		{"panic", trapArchive{Index: testArchive, panic: true}, 0, "quote cotton", "quote", CausePanic},
		{"timeout", testArchive, time.Nanosecond, "quote cotton", "quote", CauseTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorder
			b := New(tt.archive, Options{Observe: rec.observe, Timeout: tt.timeout})
			began := time.Now()
			b.Handle(context.Background(), Request{Text: tt.text, Platform: "test"})
			o := rec.last(t)
			if o.Command != tt.wantCommand || o.Outcome() != tt.wantOutcome || o.Platform != "test" {
				t.Errorf("observed %+v (outcome %s), want command %q, outcome %s", o, o.Outcome(), tt.wantCommand, tt.wantOutcome)
			}
			if o.Took <= 0 || o.Took > time.Since(began) {
				t.Errorf("took %v", o.Took)
			}
		})
	}
}

func TestObserveBusy(t *testing.T) {
	block := make(chan struct{})
	var rec recorder
	b := New(trapArchive{Index: testArchive, block: block}, Options{Observe: rec.observe, MaxInFlight: 1, QueueWait: 10 * time.Millisecond})
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Handle(context.Background(), Request{Text: "quote cotton"})
	}()
	for deadline := time.Now().Add(5 * time.Second); len(b.searches.slots) < 1 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	r := b.Handle(context.Background(), Request{Text: "quote cotton"})
	close(block)
	<-done
	if o := rec.got[0]; o.Cause != CauseBusy || o.Command != "quote" || r.Kind != KindFailure {
		t.Errorf("observed %+v for a request that found no slot, reply %s", o, r.Kind)
	}
}

func TestRequestIDsInLogs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogRequestIDs(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	b := New(trapArchive{Index: testArchive, panic: true}, Options{Logger: log})

	b.Handle(WithRequestID(context.Background(), "given-id"), Request{Text: "quote secret words", Platform: "test"})
	b.Handle(context.Background(), Request{Text: "quote other secret words", Platform: "test"})

	ids := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		id, _ := rec["request_id"].(string)
		if id == "" {
			t.Errorf("a line without a request id: %s", line)
		}
		ids[id]++
	}
	if ids["given-id"] < 2 {
		t.Errorf("the caller's request id is on %d lines, want the panic and the answer: %v", ids["given-id"], ids)
	}
	if len(ids) != 2 {
		t.Errorf("request ids %v, want the given one and one made by Handle", ids)
	}
	if strings.Contains(buf.String(), "secret") {
		t.Errorf("the log holds the user's text:\n%s", buf.String())
	}
	if a, b := NewRequestID(), NewRequestID(); a == b || len(a) != 16 {
		t.Errorf("NewRequestID gave %q and %q", a, b)
	}
}
