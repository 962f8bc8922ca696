package index

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func TestPreparedAnalyzer(t *testing.T) {
	if err := registerAnalyzer(); err != nil {
		t.Fatal(err)
	}
	a, err := registry.NewCache().AnalyzerNamed(textAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	pa := a.(*preparedAnalyzer)
	terms := func(ts analysis.TokenStream) []string {
		var out []string
		for _, tok := range ts {
			out = append(out, string(tok.Term))
		}
		return out
	}
	long := "The Valdorian ministers were discussing the exports of grain to Ostland at length."
	short := "Grain exports."
	want := terms(pa.inner.Analyze([]byte(long)))

	pa.prepare(long)
	pa.prepare(long) // a summary is in two records
	pa.prepare(short)
	if len(pa.ready) != 1 {
		t.Fatalf("%d texts kept, want 1 (short texts are analysed when asked)", len(pa.ready))
	}
	for i := range 3 {
		if got := terms(pa.Analyze([]byte(long))); !reflect.DeepEqual(got, want) {
			t.Fatalf("analysis %d: %v, want %v", i, got, want)
		}
	}
	if len(pa.ready) != 0 {
		t.Errorf("%d texts still kept after the builder took them", len(pa.ready))
	}
	if got := terms(pa.Analyze([]byte(short))); !reflect.DeepEqual(got, []string{"grain", "export"}) {
		t.Errorf("short text: %v", got)
	}
	for i := range preparedTexts + 10 {
		pa.prepare(long + strconv.Itoa(i))
	}
	if len(pa.ready) > preparedTexts {
		t.Errorf("%d texts kept, the most is %d", len(pa.ready), preparedTexts)
	}
	pa.forget()
	if len(pa.ready) != 0 {
		t.Error("forget kept texts")
	}
}
