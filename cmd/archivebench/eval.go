package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/archivebot/archivebot/adapters/terminal"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// MaxAnswerChars is the longest answer the evaluation accepts: a longer one
// fails, however much it holds.
const MaxAnswerChars = 6000

// A Question is one row of a questions file: a command, its input, and what
// a correct answer must and must not contain.
type Question struct {
	ID       string
	Command  string
	Input    string
	Required []string // strings the answer must contain, whitespace folded
	MustNot  []string // strings the answer must not contain
	NotFound bool     // the archive has nothing: the answer says so and cites nothing
}

// Kind is the question's family: quote, who, when or cite.
func (q Question) Kind() string { return q.Command }

// Text is the request as a user types it.
func (q Question) Text() string { return q.Command + " " + q.Input }

// Grade is the verdict on one answer.
type Grade struct {
	Question Question
	Answer   string
	Pass     bool
	Why      []string // what is wrong, when it fails
}

// An Answerer answers a question with the text a user would read, and says
// whether it is a "nothing found" answer that cites nothing.
type Answerer interface {
	Answer(ctx context.Context, q Question) (text string, nothingCited bool, err error)
}

// EvalResult is a whole run: archivebot's grades and the baseline's.
type EvalResult struct {
	Bot, Baseline []Grade
}

// Score counts the passes by kind and in all.
func Score(gs []Grade) (byKind map[string][2]int, pass, total int) {
	byKind = map[string][2]int{}
	for _, g := range gs {
		k := byKind[g.Question.Kind()]
		k[1]++
		if g.Pass {
			k[0]++
			pass++
		}
		byKind[g.Question.Kind()] = k
		total++
	}
	return byKind, pass, total
}

// evalConfig is what `archivebench eval` reads from its command line.
type evalConfig struct {
	realdev  string // folder with QUESTIONS.md, pages/ and _source/NEGATIVE.tsv
	seedDir  string // folder of further documents to index (the seed)
	verbose  bool
	only     string // a question id, to show one answer
	failures bool
}

func parseEvalConfig(args []string, stderr io.Writer) (evalConfig, error) {
	fs := flag.NewFlagSet("archivebench eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	realdev := fs.String("realdev", "", "folder holding QUESTIONS.md, pages/ and _source/NEGATIVE.tsv (default: ../shared/realdev above the working folder)")
	seed := fs.String("seed-dir", "", "folder of further documents indexed with the pages (default: the corpus/ folder beside the realdev folder)")
	verbose := fs.Bool("v", false, "print every answer")
	only := fs.String("q", "", "print the answer to this question `ID` only")
	failures := fs.Bool("failures", true, "list the failures")
	if err := fs.Parse(args); err != nil {
		return evalConfig{}, err
	}
	if fs.NArg() > 0 {
		return evalConfig{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg := evalConfig{realdev: *realdev, seedDir: *seed, verbose: *verbose, only: *only, failures: *failures}
	if cfg.realdev == "" {
		found, err := FindRealdev()
		if err != nil {
			return cfg, err
		}
		cfg.realdev = found
	}
	if cfg.seedDir == "" {
		cfg.seedDir = filepath.Join(filepath.Dir(cfg.realdev), "corpus")
	}
	return cfg, nil
}

// FindRealdev looks for shared/realdev beside the working folder or one of
// its parents.
func FindRealdev() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find realdev: %w", err)
	}
	for {
		p := filepath.Join(dir, "..", "shared", "realdev")
		if st, err := os.Stat(filepath.Join(p, "QUESTIONS.md")); err == nil && !st.IsDir() {
			return filepath.Clean(p), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no ../shared/realdev/QUESTIONS.md above the working folder: give --realdev")
		}
		dir = parent
	}
}

// runEval is `archivebench eval`.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseEvalConfig(args, stderr)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "archivebench-eval-")
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer os.RemoveAll(tmp)
	res, err := Evaluate(ctx, cfg.realdev, cfg.seedDir, tmp)
	if err != nil {
		return err
	}
	for _, g := range res.Bot {
		if cfg.verbose || g.Question.ID == cfg.only {
			fmt.Fprintf(stdout, "=== %s %s\n%s\n", g.Question.ID, g.Question.Text(), g.Answer)
		}
	}
	PrintEval(stdout, res, cfg.failures)
	return nil
}

// Evaluate indexes the pages of realdev and the documents of seedDir into
// tmp, asks archivebot and the keyword baseline every question, and grades
// both.
func Evaluate(ctx context.Context, realdev, seedDir, tmp string) (EvalResult, error) {
	qs, err := ReadQuestions(filepath.Join(realdev, "QUESTIONS.md"), filepath.Join(realdev, "_source", "NEGATIVE.tsv"))
	if err != nil {
		return EvalResult{}, err
	}
	folders := []string{filepath.Join(realdev, "pages")}
	if st, err := os.Stat(seedDir); err == nil && st.IsDir() {
		folders = append(folders, seedDir)
	}
	ab, err := openEvalBot(ctx, filepath.Join(tmp, "index"), folders)
	if err != nil {
		return EvalResult{}, err
	}
	defer ab.close()
	kw, err := NewKeywordBaseline(folders)
	if err != nil {
		return EvalResult{}, err
	}
	var res EvalResult
	for _, q := range qs {
		g, err := GradeAnswer(ctx, ab, q)
		if err != nil {
			return res, err
		}
		res.Bot = append(res.Bot, g)
		g, err = GradeAnswer(ctx, kw, q)
		if err != nil {
			return res, err
		}
		res.Baseline = append(res.Baseline, g)
	}
	return res, nil
}

// evalBot answers through the bot core and renders as the terminal does.
type evalBot struct {
	ix *index.Index
	b  *bot.Bot
}

func openEvalBot(ctx context.Context, path string, folders []string) (*evalBot, error) {
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		var all corpus.Report
		for _, f := range folders {
			rep, err := corpus.Walk(ctx, os.DirFS(f), fn)
			if err != nil {
				return all, err
			}
			all.Read += rep.Read
			all.Skipped = append(all.Skipped, rep.Skipped...)
		}
		return all, nil
	}
	if _, _, err := index.Build(ctx, path, src, index.BuildOptions{}); err != nil {
		return nil, fmt.Errorf("eval: build index: %w", err)
	}
	ix, err := index.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: open index: %w", err)
	}
	return &evalBot{ix: ix, b: bot.New(ix, bot.Options{})}, nil
}

func (e *evalBot) close() { e.ix.Close() }

func (e *evalBot) Answer(ctx context.Context, q Question) (string, bool, error) {
	r := e.b.Handle(ctx, bot.Request{Text: q.Text(), Platform: terminal.Platform})
	var buf bytes.Buffer
	if err := terminal.Render(&buf, r); err != nil {
		return "", false, err
	}
	cited := len(r.Citations) > 0 || len(r.Passages) > 0 || len(r.Mentions) > 0 || len(r.Timeline) > 0
	return buf.String(), r.Kind == bot.KindNotFound && !cited, nil
}

// GradeAnswer asks a and grades the answer against q.
func GradeAnswer(ctx context.Context, a Answerer, q Question) (Grade, error) {
	text, nothing, err := a.Answer(ctx, q)
	if err != nil {
		return Grade{}, fmt.Errorf("%s: %w", q.ID, err)
	}
	g := Grade{Question: q, Answer: text}
	folded := foldForGrading(text)
	if len([]rune(text)) > MaxAnswerChars {
		g.Why = append(g.Why, fmt.Sprintf("answer is %d characters (over %d)", len([]rune(text)), MaxAnswerChars))
	}
	if q.NotFound {
		if !nothing {
			g.Why = append(g.Why, "should say nothing was found and cite nothing")
		}
	} else {
		if nothing {
			g.Why = append(g.Why, "said nothing was found")
		}
		for _, s := range q.Required {
			if !strings.Contains(folded, foldForGrading(s)) {
				g.Why = append(g.Why, fmt.Sprintf("missing %q", s))
			}
		}
	}
	for _, s := range q.MustNot {
		if strings.Contains(folded, foldForGrading(s)) {
			g.Why = append(g.Why, fmt.Sprintf("contains %q", s))
		}
	}
	g.Pass = len(g.Why) == 0
	return g, nil
}

var (
	spaceRun    = regexp.MustCompile(`\s+`)
	monthDayZ   = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) 0([1-9])\b`)
	dayZMonth   = regexp.MustCompile(`\b0([1-9]) (January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	backticked  = regexp.MustCompile("`([^`]+)`")
	questionRow = regexp.MustCompile(`^\|\s*([A-Z]\d+)\s*\|`)
)

// foldForGrading folds whitespace and drops a day's leading zero, as the
// questions file says.
func foldForGrading(s string) string {
	s = strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
	s = monthDayZ.ReplaceAllString(s, "$1 $2")
	return dayZMonth.ReplaceAllString(s, "$1 $2")
}

// ReadQuestions reads the table of a questions file and the must-not
// strings of a TSV file (id, string), which may be missing.
func ReadQuestions(questionsPath, negativePath string) ([]Question, error) {
	raw, err := os.ReadFile(questionsPath)
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	var qs []Question
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !questionRow.MatchString(line) {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), " | ")
		if len(cells) < 4 {
			return nil, fmt.Errorf("read questions: row %q has %d cells", line, len(cells))
		}
		q := Question{ID: strings.TrimSpace(cells[0]), Command: strings.TrimSpace(cells[1]), Input: strings.TrimSpace(cells[2])}
		want := cells[3]
		if strings.Contains(want, "**NOT-FOUND**") {
			q.NotFound = true
		} else {
			if i := strings.Index(want, " — "); i >= 0 {
				want = want[:i]
			}
			for _, m := range backticked.FindAllStringSubmatch(want, -1) {
				q.Required = append(q.Required, m[1])
			}
			if len(q.Required) == 0 {
				return nil, fmt.Errorf("read questions: %s has no required strings", q.ID)
			}
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("read questions: no question rows in %s", questionsPath)
	}
	neg, err := os.ReadFile(negativePath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read must-not strings: %w", err)
	}
	for _, line := range strings.Split(string(neg), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		id, s, ok := strings.Cut(line, "\t")
		if !ok || s == "" {
			continue
		}
		for i := range qs {
			if qs[i].ID == id {
				qs[i].MustNot = append(qs[i].MustNot, s)
			}
		}
	}
	return qs, nil
}

// PrintEval writes the score table and, when asked, the failures.
func PrintEval(w io.Writer, res EvalResult, failures bool) {
	bk, bp, bt := Score(res.Bot)
	kk, kp, _ := Score(res.Baseline)
	kinds := make([]string, 0, len(bk))
	for k := range bk {
		kinds = append(kinds, k)
	}
	order := map[string]int{"quote": 0, "who": 1, "when": 2, "cite": 3}
	sort.Slice(kinds, func(i, j int) bool {
		oi, iok := order[kinds[i]]
		oj, jok := order[kinds[j]]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return kinds[i] < kinds[j]
	})
	fmt.Fprintln(w, "| kind | archivebot | keyword baseline |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, k := range kinds {
		fmt.Fprintf(w, "| %s | %d / %d | %d / %d |\n", k, bk[k][0], bk[k][1], kk[k][0], kk[k][1])
	}
	fmt.Fprintf(w, "| **all** | **%d / %d** | **%d / %d** |\n", bp, bt, kp, bt)
	if !failures {
		return
	}
	fmt.Fprintln(w)
	for _, g := range res.Bot {
		if !g.Pass {
			fmt.Fprintf(w, "FAIL %s %s: %s\n", g.Question.ID, g.Question.Text(), strings.Join(g.Why, "; "))
		}
	}
}
