package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// trapArchive is an archive whose searches panic or block, to test how the
// bot holds up; it embeds the real test index for everything else.
type trapArchive struct {
	*index.Index
	panic bool
	block chan struct{}
}

func (a trapArchive) Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error) {
	if a.panic {
		panic("boom")
	}
	if a.block != nil {
		<-a.block
	}
	return a.Index.Paragraphs(ctx, q)
}

func TestPanicIsRecovered(t *testing.T) {
	var logs bytes.Buffer
	b := New(trapArchive{Index: testArchive, panic: true}, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	r := b.Handle(context.Background(), Request{Text: "quote secret words", Platform: "test"})
	if r.Kind != KindFailure || !strings.Contains(r.Headline, "Sorry") {
		t.Fatalf("reply to a panic: %+v", r)
	}
	if !strings.Contains(logs.String(), "command panicked") || !strings.Contains(logs.String(), "command=quote") {
		t.Errorf("the panic was not logged with the command: %s", logs.String())
	}
	if strings.Contains(logs.String(), "secret words") {
		t.Error("the log holds the user's text")
	}
	// The bot keeps serving.
	if r := b.Handle(context.Background(), Request{Text: "cite 115932"}); r.Kind != KindAnswer {
		t.Errorf("after a panic: %s", r.Kind)
	}
}

func TestBusyWhenSlotsAreTaken(t *testing.T) {
	block := make(chan struct{})
	b := New(trapArchive{Index: testArchive, block: block}, Options{MaxInFlight: 2, QueueWait: 20 * time.Millisecond})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Handle(context.Background(), Request{Text: "quote cotton"})
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(b.searches.slots) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	r := b.Handle(context.Background(), Request{Text: "quote cotton"})
	// Commands that need no search take no slot, and never wait for one.
	for _, text := range []string{"cite 115932", "doc 115932", "doc 115932 15", "help", "help quote"} {
		start := time.Now()
		if r := b.Handle(context.Background(), Request{Text: text}); r.Kind == KindFailure || time.Since(start) > time.Second {
			t.Errorf("%q while every search slot is taken: %s: %s, after %v", text, r.Kind, r.Headline, time.Since(start))
		}
	}
	close(block)
	wg.Wait()
	if r.Kind != KindFailure || !strings.Contains(r.Headline, "busy") {
		t.Errorf("a third command while two are in flight: %+v", r)
	}
	if r := b.Handle(context.Background(), Request{Text: "quote cotton"}); r.Kind != KindAnswer {
		t.Errorf("after the load: %s", r.Kind)
	}
}

// versionSource gives a small corpus whose document ids and titles carry a version.
func versionSource(version string) index.Source {
	return func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		for i := range 20 {
			id := fmt.Sprintf("%s-%d", version, i)
			d := corpus.Document{
				ID: id, Title: "Report " + id + " on grain", Source: id + ".txt",
				Date:       corpus.Date{Precision: corpus.PrecisionYear, Time: time.Date(1960+i, 1, 1, 0, 0, 0, 0, time.UTC)},
				Paragraphs: []corpus.Paragraph{{N: 1, Text: "Cde. Ivo Marsek said the grain harvest was good."}},
				People:     []corpus.Mention{{Name: "Ivo Marsek", Where: corpus.InBody, Paragraph: 1}},
			}
			if err := fn(d); err != nil {
				return corpus.Report{}, err
			}
		}
		return corpus.Report{Read: 20, Fingerprint: version}, nil
	}
}

func TestReloadUnderLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "live")
	ctx := context.Background()
	if _, _, err := index.Build(ctx, path, versionSource("old"), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := index.OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	b := NewLive(live, Options{MaxInFlight: 64, QueueWait: 30 * time.Second, Timeout: 30 * time.Second}) // slow under -race on two cores

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failed   []string
		versions = map[string]int{}
	)
	stop := make(chan struct{})
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			commands := []string{"who Ivo Marsek", "quote grain harvest", "search grain"}
			for i := 0; i < 200; i++ {
				select {
				case <-stop:
					if i > 0 {
						return
					}
				default:
				}
				r := b.Handle(ctx, Request{Text: commands[(w+i)%len(commands)]})
				seen := map[string]bool{}
				for _, c := range r.Citations {
					v, _, _ := strings.Cut(c.DocID, "-")
					seen[v] = true
				}
				mu.Lock()
				if r.Kind != KindAnswer {
					failed = append(failed, string(r.Kind)+": "+r.Headline)
				}
				if len(seen) > 1 {
					failed = append(failed, "an answer mixes the old and the new index")
				}
				for v := range seen {
					versions[v]++
				}
				mu.Unlock()
			}
		}()
	}
	if _, _, err := index.Build(ctx, path, versionSource("new"), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := live.Reload(); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d failed answers, e.g. %q", len(failed), failed[0])
	}
	if versions["old"] == 0 || live.Manifest().Fingerprint != "new" {
		t.Errorf("answers by version %v, manifest %q", versions, live.Manifest().Fingerprint)
	}
	if r := b.Handle(ctx, Request{Text: "search grain"}); !strings.HasPrefix(r.Citations[0].DocID, "new-") {
		t.Errorf("after the reload the bot answers from %s", r.Citations[0].DocID)
	}
	// A broken index at the path is refused and the old one keeps serving.
	if _, _, err := index.Build(ctx, path, func(context.Context, func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Report{}, nil
	}, index.BuildOptions{}); err == nil {
		t.Fatal("an empty build replaced the index")
	}
	if err := live.Reload(); err != nil {
		t.Errorf("reloading the unchanged index: %v", err)
	}
}
