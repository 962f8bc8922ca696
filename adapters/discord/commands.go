package discord

import (
	"strconv"
	"strings"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// Option names.
const (
	optWords     = "words"
	optName      = "name"
	optDocument  = "document"
	optParagraph = "paragraph"
	optCommand   = "command"
	optText      = "text"
	optFrom      = "from"
	optTo        = "to"
	optLang      = "language"
	optStyle     = "style"
	optPrivate   = "private"
	optNote      = "note"
	optAction    = "action"
	optEntry     = "entry"
	optFormat    = "format"
	optDate      = "date"
)

// slashCommands describes the bot's commands as Discord slash commands:
// names and descriptions come from the bot's own command list, so help is
// written once; the typed options are Discord's business and live here.
// A command this adapter does not know yet gets one text option.
func slashCommands(cmds []bot.Command) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, &discordgo.ApplicationCommand{
			Name:        c.Name,
			Description: first(fit(c.Summary, maxCommandDesc, verbatim)),
			Options:     commandOptions(c, cmds),
		})
	}
	return out
}

func commandOptions(c bot.Command, all []bot.Command) []*discordgo.ApplicationCommandOption {
	str := func(name, desc string, required, autocomplete bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
			Required: required, Autocomplete: autocomplete, MaxLength: bot.MaxRequestChars,
		}
	}
	minParagraph := 1.0
	paragraph := func(desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionInteger, Name: optParagraph, Description: desc, MinValue: &minParagraph,
		}
	}
	from := str(optFrom, "Only documents from this date on: a year, month or day (1956, 1958-06, 1957-11-13)", false, false)
	to := str(optTo, "Only documents up to this date: a year, month or day (1961, 1958-06, 1957-11-13)", false, false)
	from.MaxLength, to.MaxLength = 10, 10
	lang := str(optLang, "Only documents first written in this language, e.g. russian", false, false)
	lang.MaxLength = 40
	private := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionBoolean, Name: optPrivate,
		Description: "Show the answer to you alone; a Share button can post it",
	}
	var opts []*discordgo.ApplicationCommandOption
	switch c.Name {
	case "quote", "when", "search":
		opts = []*discordgo.ApplicationCommandOption{
			str(optWords, `Words to look for; put "quotes" around an exact phrase`, true, false), from, to, lang,
		}
	case "who":
		opts = []*discordgo.ApplicationCommandOption{str(optName, "A person's name, e.g. Puzanov", true, true), from, to}
	case "cite":
		style := str(optStyle, "How to write the citation; the default keeps the archive's own", false, false)
		style.MaxLength = 0
		for _, s := range bot.CiteStyles {
			style.Choices = append(style.Choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		}
		opts = []*discordgo.ApplicationCommandOption{
			str(optDocument, "A document id, archive URL or words of its title", true, true),
			style, paragraph("Pinpoint one paragraph of the document"),
		}
	case "doc":
		opts = []*discordgo.ApplicationCommandOption{
			str(optDocument, "A document id, e.g. 115932", true, true), paragraph("Show this paragraph in full"),
		}
	case "save":
		note := str(optNote, "Why it matters, for the list (at most 300 characters)", false, false)
		note.MaxLength = 300
		opts = []*discordgo.ApplicationCommandOption{
			str(optDocument, "A document id or archive URL, e.g. 115932", true, true),
			paragraph("Save this paragraph of the document"), note,
		}
	case "bibliography":
		action := str(optAction, "What to do with this channel's list; the default shows it", false, false)
		action.MaxLength = 0
		for _, v := range []string{"list", "remove", "export", "clear"} {
			action.Choices = append(action.Choices, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
		}
		entry := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionInteger, Name: optEntry, Description: "The entry to remove, by its number in the list", MinValue: &minParagraph,
		}
		format := str(optFormat, "The file to export; the default is BibTeX", false, false)
		format.MaxLength = 0
		for _, s := range bot.CiteStyles {
			format.Choices = append(format.Choices, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		}
		opts = []*discordgo.ApplicationCommandOption{action, entry, format}
	case "today":
		date := str(optDate, "Another day: 12 March, March 12 or 1957-11-13", false, false)
		date.MaxLength = 40
		opts = []*discordgo.ApplicationCommandOption{date}
	case "help":
		cmd := str(optCommand, "Explain one command", false, false)
		cmd.MaxLength = 0
		for _, other := range all {
			cmd.Choices = append(cmd.Choices, &discordgo.ApplicationCommandOptionChoice{Name: other.Name, Value: other.Name})
		}
		return []*discordgo.ApplicationCommandOption{cmd}
	default:
		opts = []*discordgo.ApplicationCommandOption{
			str(optText, first(fit("Usage: "+c.Usage, maxCommandDesc, verbatim)), c.NeedsArgs, false),
		}
	}
	return append(opts, private)
}

// invocation is a slash command as the adapter reads it.
type invocation struct {
	// text is the command as the bot reads it, e.g. "quote cotton from:1957".
	text string
	// private is the asker's choice, or nil when they made none.
	private *bool
}

// readCommand turns a slash command's options into the command text the
// bot reads, in a fixed order whatever order they were filled in.
func readCommand(d discordgo.ApplicationCommandInteractionData) invocation {
	byName := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range d.Options {
		byName[o.Name] = o
	}
	str := func(name string) string {
		if o, ok := byName[name]; ok && o.Type == discordgo.ApplicationCommandOptionString {
			return strings.TrimSpace(o.StringValue())
		}
		return ""
	}
	// A filter's value is one word: the bot reads words.
	word := func(name string) string {
		if f := strings.Fields(str(name)); len(f) > 0 {
			return f[0]
		}
		return ""
	}
	parts := []string{d.Name}
	if d.Name == "bibliography" {
		// bibliography [action] [entry] [format]
		if a := word(optAction); a != "" && a != "list" {
			parts = append(parts, a)
		}
		if o, ok := byName[optEntry]; ok && o.Type == discordgo.ApplicationCommandOptionInteger {
			parts = append(parts, strconv.FormatInt(o.IntValue(), 10))
		}
		if f := word(optFormat); f != "" {
			parts = append(parts, f)
		}
	}
	// The options that hold the command's argument text come first.
	for _, name := range []string{optWords, optName, optDocument, optCommand, optText, optDate} {
		if s := str(name); s != "" {
			parts = append(parts, s)
		}
	}
	if s := word(optStyle); s != "" {
		parts = append(parts, s)
	}
	if o, ok := byName[optParagraph]; ok && o.Type == discordgo.ApplicationCommandOptionInteger {
		n := strconv.FormatInt(o.IntValue(), 10)
		if d.Name == "cite" || d.Name == "save" {
			n = "\u00b6" + n // cite and save read a pinpoint; doc reads a number
		}
		parts = append(parts, n)
	}
	if s := str(optNote); s != "" {
		parts = append(parts, s) // save's note comes last: the rest of the text
	}
	for _, f := range []struct{ opt, filter string }{{optFrom, "from:"}, {optTo, "to:"}, {optLang, "lang:"}} {
		if s := word(f.opt); s != "" {
			parts = append(parts, f.filter+s)
		}
	}
	inv := invocation{text: strings.Join(parts, " ")}
	if o, ok := byName[optPrivate]; ok && o.Type == discordgo.ApplicationCommandOptionBoolean {
		p := o.BoolValue()
		inv.private = &p
	}
	return inv
}

// focused returns the option being typed in an autocomplete interaction.
func focused(d discordgo.ApplicationCommandInteractionData) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	for _, o := range d.Options {
		if o.Focused {
			return o, true
		}
	}
	return nil, false
}
