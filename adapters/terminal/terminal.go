// Package terminal connects the bot to a terminal: it renders replies as
// plain text or JSON and runs an interactive prompt. It only translates;
// the answers come from package bot.
package terminal

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/archivebot/archivebot/bot"
)

// Platform is the name the terminal gives itself in requests.
const Platform = "terminal"

// Conversation is the conversation key of a terminal session: the
// bibliography it keeps is the one of its state store, which belongs to
// the user running it.
const Conversation = "terminal"

// maxTimelineTitle is the length a document's title is cut to on a
// timeline line; the sources below give it in full.
const maxTimelineTitle = 100

// Handler answers requests; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// RenderJSON writes the reply model as indented JSON: the field names are
// the bot.Reply JSON tags, documented in the README.
func RenderJSON(w io.Writer, r bot.Reply) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// Render writes the reply as plain text for a person at a terminal.
// Archive text is written verbatim, except that control characters, which
// could drive the terminal, and bidirectional controls, which could
// reverse how a line reads, are shown as U+FFFD.
func Render(w io.Writer, r bot.Reply) error { return RenderWidth(w, r, 0) }

// RenderWidth is Render with the text wrapped at spaces to width columns
// (see Wrap), for a terminal that wide; the citations to copy are left
// whole. A width of 0 or less does not wrap.
func RenderWidth(w io.Writer, r bot.Reply, width int) error {
	var b strings.Builder
	line := func(format string, a ...any) { b.WriteString(Wrap(fmt.Sprintf(format, a...), width) + "\n") }
	whole := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s", clean(r.Headline))

	titles := map[string]string{}
	for _, c := range r.Citations {
		titles[c.DocID] = c.Title + ", " + c.Date
	}
	for _, p := range r.Passages {
		text := clean(p.Text)
		if p.Leading {
			text = "… " + text
		}
		if p.Trailing {
			text += " …"
		}
		line("")
		line("  \u201c%s\u201d", text)
		who := ""
		if p.Speaker != "" {
			who = clean(p.Speaker) + ", in "
		}
		close := ""
		if c := p.Closeness(); c != "" {
			close = " (" + c + ")"
		}
		if p.FromSummary() {
			line("    — the archive's summary of %s [doc %s]%s", clean(titles[p.DocID]), p.DocID, close)
			continue
		}
		line("    — %s%s, %s [doc %s]%s", who, clean(titles[p.DocID]), clean(p.Place()), p.DocID, close)
	}
	if len(r.Mentions) > 0 {
		line("")
		for _, m := range r.Mentions {
			where := m.Where
			if m.Paragraph > 0 {
				where = fmt.Sprintf("%s, paragraph %d", m.Where, m.Paragraph)
			}
			if m.Count > 1 {
				where += fmt.Sprintf(", and %d more", m.Count-1)
			}
			role := ""
			if m.Role != "" {
				role = ": " + clean(m.Role)
			}
			line("  %s%s (%s) [doc %s]", clean(m.Name), role, where, m.DocID)
		}
	}
	if len(r.Timeline) > 0 {
		line("")
		shown := map[string]bool{} // evidence already shown, by document
		for _, e := range r.Timeline {
			if e.Source == "document" {
				title, _ := bot.Trim(clean(titles[e.DocID]), maxTimelineTitle)
				line("  %-18s date of document %s (%s)", e.Date, e.DocID, title)
				if e.Evidence != "" {
					line("  %-18s   its date line: \u201c%s\u201d [%s]", "", clean(e.Evidence), e.Place())
				}
				continue
			}
			note := ""
			if n := e.Reading(); n != "" {
				note = ", " + n
			}
			line("  %-18s \u201c%s\u201d%s [doc %s, %s]", e.Date, clean(e.Stated), note, e.DocID, e.Place())
			if k := e.DocID + "\x00" + e.Evidence; e.Evidence != "" && e.Evidence != e.Stated && !shown[k] {
				shown[k] = true
				line("  %-18s   %s", "", clean(e.Evidence))
			}
		}
	}
	if len(r.Details) > 0 {
		line("")
		for _, d := range r.Details {
			line("  %-18s %s", d.Label+":", clean(d.Value))
		}
	}
	if len(r.Bibliography) > 0 {
		line("")
		for _, e := range r.Bibliography {
			title := "(no longer in the archive)"
			if e.Title != "" {
				title = "\u201c" + clean(e.Title) + "\u201d, " + e.Date
			}
			if e.Paragraph > 0 {
				title += fmt.Sprintf(", paragraph %d", e.Paragraph)
			}
			line("  #%-3d %s [doc %s]", e.Position, title, clean(e.DocID))
			if e.Note != "" {
				line("       Note: %s", clean(e.Note))
			}
			by := "saved"
			if e.SavedBy != "" {
				by += " by " + clean(e.SavedBy)
			}
			if !e.SavedAt.IsZero() {
				by += " on " + e.SavedAt.UTC().Format("2006-01-02 15:04") + " UTC"
			}
			line("       %s", by)
		}
	}
	if len(r.Choices) > 0 {
		line("")
		for _, c := range r.Choices {
			line("  %s  →  %s", clean(c.Label), c.Command)
		}
	}
	if len(r.Commands) > 0 {
		line("")
		for _, c := range r.Commands {
			line("  %-8s %s", c.Name, c.Summary)
			line("  %-8s usage: %s", "", c.Usage)
			if len(c.Examples) > 0 {
				line("  %-8s e.g.   %s", "", strings.Join(c.Examples, "  |  "))
			}
		}
	}
	for _, c := range r.Citations {
		if c.Formatted == "" {
			continue
		}
		line("")
		line("Cite as (%s):", c.Style)
		whole("%s", strings.TrimRight(clean(c.Formatted), "\n")) // not indented or wrapped: it is for copying
	}
	if a := r.Attachment; a != nil {
		line("")
		line("File %s (%s):", clean(a.Name), clean(a.ContentType))
		whole("%s", strings.TrimRight(clean(string(a.Content)), "\n")) // for copying: not indented or wrapped
	}
	if len(r.Citations) > 0 && len(r.Choices) == 0 && len(r.Bibliography) == 0 && r.Citations[0].Formatted == "" {
		line("")
		line("Sources:")
		for _, c := range r.Citations {
			whole("  [%s] %s", c.DocID, clean(citationLine(c))) // for copying: not wrapped
			if c.Summary != "" {
				line("      %s", clean(c.Summary))
			}
		}
	}
	if r.Hint != "" {
		line("")
		line("%s", clean(r.Hint))
	}
	if p := r.Page; p != nil {
		line("")
		line("Page %d of %d (%d results).", p.Number, p.Of, p.Total)
		if p.Next != "" {
			line("Next page: %s   (or type: next)", p.Next)
		}
		if p.Prev != "" {
			line("Previous page: %s   (or type: prev)", p.Prev)
		}
	}
	if src := r.Source.Line(); src != "" {
		line("")
		line("%s", src)
	}
	// Every field was cleaned above where it is archive or user text; clean
	// the whole once more so that no field can be forgotten.
	_, err := io.WriteString(w, clean(b.String()))
	return err
}

// citationLine is the citation a historian can paste: the archive's own
// text where the document has one.
func citationLine(c bot.Citation) string {
	if c.Text != "" {
		return c.Text
	}
	parts := []string{"\u201c" + c.Title + "\u201d", c.Date}
	for _, s := range []string{c.Archive, c.Reference} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	out := strings.Join(parts, ", ") + "."
	if c.Translator != "" {
		if c.TranslatedFor != "" {
			out += " Translated for " + c.TranslatedFor + " by " + c.Translator + "."
		} else {
			out += " Translated by " + c.Translator + "."
		}
	}
	if c.URL != "" {
		out += " " + c.URL
	}
	return out
}

// clean replaces control characters (other than newline and tab) so that
// archive text cannot move the cursor or change colours, and bidirectional
// controls so that it cannot reverse how the rest of a line reads.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || bot.IsBidiControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// Session is an interactive conversation at a terminal. It remembers the
// previous reply so that "next" pages on and "cite that" knows the document.
type Session struct {
	Handler Handler
	// JSON prints replies as JSON instead of text.
	JSON bool
	// Prompt is shown before each command when Interactive is set and
	// Lines is not (a LineReader shows its own prompt).
	Prompt      string
	Interactive bool
	// Lines, when set, gives the input lines instead of Run's reader: a
	// line editor with history on a terminal. Run then ends with
	// ErrInterrupted when Lines reports Ctrl-C.
	Lines LineReader
	// Width, when set, gives the terminal's width in columns before each
	// reply, which is then wrapped to it (0 for no wrapping).
	Width func() int
	// UserName is the name the bibliography shows beside what this
	// terminal's user saves; empty shows none.
	UserName string

	last bot.Reply
}

// LineReader reads the lines of an interactive prompt, one at a time.
type LineReader interface {
	// ReadLine returns the next line without its line ending, io.EOF at
	// the end of input (Ctrl-D), or ErrInterrupted for Ctrl-C.
	ReadLine() (string, error)
}

// ErrInterrupted is the error of a LineReader, and of Run, when the user
// pressed Ctrl-C at the prompt.
var ErrInterrupted = errors.New("interrupted")

// MaxLine is the longest input line a Session reads. A longer line is
// answered with a short error and skipped; the session goes on. The bot
// itself answers requests over bot.MaxRequestChars with a usage reply.
const MaxLine = 64 << 10

// tooLongLine is the answer to a line over MaxLine.
var tooLongLine = fmt.Sprintf("That line is too long (over %d KiB) and was skipped: please keep a request under %d characters.", MaxLine>>10, bot.MaxRequestChars)

// Run reads commands from in, one a line, and writes replies to out until
// in ends, ctx is done, or the user types "quit" or "exit". It returns as
// soon as ctx is done, even while it waits for a line: the read then left
// pending ends with in.
func (s *Session) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	if s.Interactive {
		fmt.Fprintln(out, "archivebot: ask the archive. Type help for the commands, quit to leave.")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var lines <-chan inputLine
	want := make(chan struct{}, 1) // asks a LineReader for the next line
	if s.Lines != nil {
		lines = readEdited(ctx, s.Lines, want)
	} else {
		lines = readLines(ctx, in)
	}
	for {
		if s.Lines != nil {
			want <- struct{}{} // never blocks: the line asked for before was received
		} else if s.Interactive {
			fmt.Fprint(out, s.Prompt)
		}
		var l inputLine
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		if l.err != nil {
			if errors.Is(l.err, io.EOF) {
				return nil
			}
			if errors.Is(l.err, ErrInterrupted) {
				return ErrInterrupted
			}
			return fmt.Errorf("read input: %w", l.err)
		}
		if l.tooLong {
			// As a reply, so that --json output stays JSON.
			if err := s.render(out, bot.Reply{Kind: bot.KindUsage, Headline: tooLongLine}); err != nil {
				return err
			}
			continue
		}
		text := strings.TrimSpace(l.text)
		if text == "" {
			continue
		}
		switch conversationWord(text) {
		case "quit":
			return nil
		case "next":
			if s.last.Page == nil || s.last.Page.Next == "" {
				fmt.Fprintln(out, "There is no next page.")
				continue
			}
			text = s.last.Page.Next
		case "prev":
			if s.last.Page == nil || s.last.Page.Prev == "" {
				fmt.Fprintln(out, "There is no previous page.")
				continue
			}
			text = s.last.Page.Prev
		}
		req := bot.Request{Text: text, Platform: Platform, Conversation: Conversation, UserName: s.UserName, CanManage: true}
		req.Recent, req.RecentPassages = bot.RecentOf(s.last)
		r := s.Handler.Handle(ctx, req)
		if err := ctx.Err(); err != nil {
			return nil
		}
		if r.Kind == bot.KindAnswer {
			s.last = r
		}
		if err := s.render(out, r); err != nil {
			return err
		}
	}
}

// render writes a reply as the session shows replies: JSON, or text and a
// blank line. The help listing all the commands is followed by the words
// of a conversation.
func (s *Session) render(out io.Writer, r bot.Reply) error {
	if s.JSON {
		return RenderJSON(out, r)
	}
	width := 0
	if s.Width != nil {
		width = s.Width()
	}
	if err := RenderWidth(out, r, width); err != nil {
		return err
	}
	if r.Command == "help" && len(r.Commands) > 1 {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "In a conversation:")
		for _, w := range conversationWords {
			fmt.Fprintf(out, "  %-10s %s\n", w.names[0], w.summary)
		}
	}
	_, err := fmt.Fprintln(out)
	return err
}

// conversationWordHelp is a word the prompt understands besides the bot's
// commands; help lists them from here.
type conversationWordHelp struct {
	names   []string // the first is the one help shows; the others are aliases
	summary string
}

var conversationWords = []conversationWordHelp{
	{[]string{"next", "more", "n"}, "the next page of the last answer"},
	{[]string{"prev", "previous", "back", "p"}, "the page before"},
	// The bot answers "cite that" with the documents of the last answer,
	// which the session sends along.
	{[]string{"cite that"}, "cite the document of the last answer"},
	{[]string{"save that"}, "save the document or passage of the last answer to the bibliography"},
	{[]string{"quit", "exit", "q"}, "leave (Ctrl-D and Ctrl-C too)"},
}

// conversationWord returns the name help shows for the word text is, or
// "" when it is none.
func conversationWord(text string) string {
	text = strings.ToLower(text)
	for _, w := range conversationWords {
		for _, n := range w.names {
			if text == n {
				return w.names[0]
			}
		}
	}
	return ""
}

// inputLine is one line of input: its text, or that it was too long, or
// the error that ended the input (io.EOF at its end).
type inputLine struct {
	text    string
	tooLong bool
	err     error
}

// readLines reads in line by line in a goroutine, so that the session can
// stop while a read waits. The goroutine ends with ctx, or with in.
func readLines(ctx context.Context, in io.Reader) <-chan inputLine {
	lines := make(chan inputLine)
	go func() {
		br := bufio.NewReaderSize(in, MaxLine)
		for {
			l := readLine(br)
			if l.err != nil && l.text != "" {
				// A last line without a newline is still a line.
				last := inputLine{text: l.text}
				select {
				case lines <- last:
				case <-ctx.Done():
					return
				}
				l.text = ""
			}
			select {
			case lines <- l:
			case <-ctx.Done():
				return
			}
			if l.err != nil {
				return
			}
		}
	}()
	return lines
}

// readEdited reads lines from a LineReader in a goroutine, so that the
// session can stop while a read waits; the goroutine ends with ctx, or
// when the reader fails or ends (closing it ends a pending read). It
// reads a line only when asked on want, so that the editor shows its
// prompt only once the answer before is written.
func readEdited(ctx context.Context, lr LineReader, want <-chan struct{}) <-chan inputLine {
	lines := make(chan inputLine)
	go func() {
		for {
			select {
			case <-want:
			case <-ctx.Done():
				return
			}
			text, err := lr.ReadLine()
			l := inputLine{text: text, err: err}
			if err != nil {
				l.text = ""
			} else if len(text) > MaxLine {
				l = inputLine{tooLong: true}
			}
			select {
			case lines <- l:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return lines
}

// readLine reads one line of at most MaxLine bytes; a longer one is read
// to its end and dropped.
func readLine(br *bufio.Reader) inputLine {
	b, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = br.ReadSlice('\n')
		}
		if err == nil || errors.Is(err, io.EOF) {
			return inputLine{tooLong: true}
		}
		return inputLine{err: err}
	}
	return inputLine{text: strings.TrimSuffix(string(b), "\n"), err: err}
}
