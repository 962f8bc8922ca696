package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Discord's limits, in characters (counted as UTF-16 code units, as
// Discord's clients count them).
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTotal  = 6000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxRows        = 5
	maxRowItems    = 5
	maxLabel       = 80
	maxCustomID    = 100
	maxChoices     = 25
	maxChoiceText  = 100
)

// Length counts s as Discord's limits do.
func Length(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// Message is the part of a message body the checks read.
type Message struct {
	Content         *string     `json:"content"`
	Embeds          []Embed     `json:"embeds"`
	Components      []Row       `json:"components"`
	Flags           int         `json:"flags"`
	AllowedMentions *Mentions   `json:"allowed_mentions"`
	Reference       *MessageRef `json:"message_reference"`
}

// Embed is an embed of a message body.
type Embed struct {
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Description string  `json:"description"`
	Fields      []Field `json:"fields"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Author *struct {
		Name string `json:"name"`
	} `json:"author"`
}

// Field is a field of an embed.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Row is an action row of components.
type Row struct {
	Type       int      `json:"type"`
	Components []Button `json:"components"`
}

// Button is a button component.
type Button struct {
	Type     int    `json:"type"`
	Style    int    `json:"style"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
	URL      string `json:"url"`
	Disabled bool   `json:"disabled"`
}

// Mentions is a message's allowed mentions.
type Mentions struct {
	Parse       *[]string `json:"parse"`
	Users       []string  `json:"users"`
	Roles       []string  `json:"roles"`
	RepliedUser bool      `json:"replied_user"`
}

// MessageRef is the message a message replies to.
type MessageRef struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
}

// Text is all the text of a message that people read, one part a line.
func (m Message) Text() string {
	var b strings.Builder
	if m.Content != nil {
		b.WriteString(*m.Content + "\n")
	}
	for _, e := range m.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
		if e.Author != nil {
			b.WriteString(e.Author.Name + "\n")
		}
	}
	return b.String()
}

// Buttons lists the message's buttons, row by row.
func (m Message) Buttons() []Button {
	var out []Button
	for _, r := range m.Components {
		out = append(out, r.Components...)
	}
	return out
}

// Response is an interaction callback's body.
type Response struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
}

// Interaction response types.
const (
	ResponseMessage         = 4
	ResponseDeferredMessage = 5
	ResponseDeferredUpdate  = 6
	ResponseUpdate          = 7
	ResponseAutocomplete    = 8
)

// Ephemeral is the message flag of a private reply.
const Ephemeral = 1 << 6

// checkBody returns the problems with what the bot sent: rejected are
// those Discord would answer with 400, warnings those that could ping.
func checkBody(c Call) (rejected, warnings []string) {
	switch {
	case c.Method == "POST" && strings.HasSuffix(c.Path, "/callback"):
		var r Response
		if err := json.Unmarshal(c.Body, &r); err != nil {
			return []string{"body is not JSON: " + err.Error()}, nil
		}
		switch r.Type {
		case ResponseMessage, ResponseUpdate:
			return checkMessage(r.Data, true)
		case ResponseDeferredMessage, ResponseDeferredUpdate:
			return nil, nil
		case ResponseAutocomplete:
			return checkChoices(r.Data), nil
		}
		return []string{fmt.Sprintf("unknown interaction response type %d", r.Type)}, nil
	case c.Method == "POST" && strings.Contains(c.Path, "/webhooks/"),
		c.Method == "POST" && strings.HasSuffix(c.Path, "/messages"):
		return checkMessage(c.Body, true)
	case c.Method == "PATCH":
		return checkMessage(c.Body, false)
	case c.Method == "PUT" && strings.HasSuffix(c.Path, "/commands"):
		return checkCommands(c.Body), nil
	}
	return nil, nil
}

var (
	rawMention = regexp.MustCompile(`(?i)@(everyone|here)|<@[!&]?[0-9]+>|<#[0-9]+>`)
	codeBlock  = regexp.MustCompile("(?s)```.*?```|`[^`]*`")
)

// CheckMessage returns the problems of a message body: what Discord would
// reject, and what could ping someone.
func CheckMessage(body []byte) []string {
	rejected, warnings := checkMessage(body, true)
	return append(rejected, warnings...)
}

// CheckCommands returns what Discord would reject in a bulk overwrite of
// slash commands.
func CheckCommands(body []byte) []string { return checkCommands(body) }

func checkMessage(raw json.RawMessage, create bool) (rejected, warnings []string) {
	var m Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return []string{"message is not JSON: " + err.Error()}, nil
	}
	bad := func(format string, a ...any) { rejected = append(rejected, fmt.Sprintf(format, a...)) }
	content := ""
	if m.Content != nil {
		content = *m.Content
	}
	if n := Length(content); n > maxContent {
		bad("content is %d characters, over %d", n, maxContent)
	}
	if create && content == "" && len(m.Embeds) == 0 {
		bad("empty message")
	}
	if len(m.Embeds) > maxEmbeds {
		bad("%d embeds, over %d", len(m.Embeds), maxEmbeds)
	}
	total := 0
	for i, e := range m.Embeds {
		limit := func(what, s string, max int) {
			n := Length(s)
			total += n
			if n > max {
				bad("embed %d: %s is %d characters, over %d", i, what, n, max)
			}
		}
		limit("title", e.Title, maxTitle)
		limit("description", e.Description, maxDescription)
		if len(e.Fields) > maxFields {
			bad("embed %d: %d fields, over %d", i, len(e.Fields), maxFields)
		}
		for j, f := range e.Fields {
			if f.Name == "" || f.Value == "" {
				bad("embed %d field %d: empty name or value", i, j)
			}
			limit(fmt.Sprintf("field %d name", j), f.Name, maxFieldName)
			limit(fmt.Sprintf("field %d value", j), f.Value, maxFieldValue)
		}
		if e.Footer != nil {
			limit("footer", e.Footer.Text, maxFooter)
		}
		if e.Author != nil {
			limit("author", e.Author.Name, maxAuthor)
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
			bad("embed %d is empty", i)
		}
	}
	if total > maxEmbedTotal {
		bad("embeds hold %d characters, over %d", total, maxEmbedTotal)
	}
	if len(m.Components) > maxRows {
		bad("%d rows of components, over %d", len(m.Components), maxRows)
	}
	ids := map[string]bool{}
	for i, r := range m.Components {
		if r.Type != 1 || len(r.Components) == 0 || len(r.Components) > maxRowItems {
			bad("row %d: type %d with %d components", i, r.Type, len(r.Components))
		}
		for _, b := range r.Components {
			if Length(b.Label) > maxLabel {
				bad("button label %q is over %d characters", b.Label, maxLabel)
			}
			if b.Style == 5 {
				if b.URL == "" || b.CustomID != "" {
					bad("link button needs a URL and no custom id")
				}
				continue
			}
			switch {
			case b.CustomID == "":
				bad("button %q has no custom id", b.Label)
			case Length(b.CustomID) > maxCustomID:
				bad("custom id %q is over %d characters", b.CustomID, maxCustomID)
			case ids[b.CustomID]:
				bad("custom id %q is used twice", b.CustomID)
			}
			ids[b.CustomID] = true
		}
	}

	am := m.AllowedMentions
	switch {
	case am == nil:
		warnings = append(warnings, "no allowed_mentions: the text could ping")
	case am.Parse == nil || len(*am.Parse) > 0 || len(am.Users) > 0 || len(am.Roles) > 0:
		warnings = append(warnings, "allowed_mentions allow pings")
	case am.RepliedUser:
		warnings = append(warnings, "allowed_mentions ping the replied-to user")
	}
	if found := rawMention.FindString(codeBlock.ReplaceAllString(m.Text(), "")); found != "" {
		warnings = append(warnings, fmt.Sprintf("mention syntax %q outside code", found))
	}
	return rejected, warnings
}

func checkChoices(raw json.RawMessage) []string {
	var d struct {
		Choices []struct {
			Name  string `json:"name"`
			Value any    `json:"value"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return []string{"autocomplete data is not JSON"}
	}
	var bad []string
	if len(d.Choices) > maxChoices {
		bad = append(bad, fmt.Sprintf("%d choices, over %d", len(d.Choices), maxChoices))
	}
	for _, c := range d.Choices {
		v := fmt.Sprint(c.Value)
		if n := Length(c.Name); n < 1 || n > maxChoiceText {
			bad = append(bad, fmt.Sprintf("choice name %q is %d characters", c.Name, n))
		}
		if n := Length(v); n < 1 || n > maxChoiceText {
			bad = append(bad, fmt.Sprintf("choice value %q is %d characters", v, n))
		}
	}
	return bad
}

var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

// Command is a slash command as registered.
type Command struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Options     []CommandOption `json:"options"`
}

// CommandOption is an option of a slash command.
type CommandOption struct {
	Type         int    `json:"type"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	Required     bool   `json:"required"`
	Autocomplete bool   `json:"autocomplete"`
	Choices      []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

func checkCommands(raw json.RawMessage) []string {
	var cmds []Command
	if err := json.Unmarshal(raw, &cmds); err != nil {
		return []string{"commands are not JSON"}
	}
	var bad []string
	for _, c := range cmds {
		if !commandName.MatchString(c.Name) {
			bad = append(bad, fmt.Sprintf("command name %q", c.Name))
		}
		if n := Length(c.Description); n < 1 || n > 100 {
			bad = append(bad, fmt.Sprintf("/%s: description is %d characters", c.Name, n))
		}
		if len(c.Options) > 25 {
			bad = append(bad, fmt.Sprintf("/%s: %d options", c.Name, len(c.Options)))
		}
		optional := false
		for _, o := range c.Options {
			if !commandName.MatchString(o.Name) {
				bad = append(bad, fmt.Sprintf("/%s: option name %q", c.Name, o.Name))
			}
			if n := Length(o.Description); n < 1 || n > 100 {
				bad = append(bad, fmt.Sprintf("/%s %s: description is %d characters", c.Name, o.Name, n))
			}
			if o.Required && optional {
				bad = append(bad, fmt.Sprintf("/%s %s: a required option after an optional one", c.Name, o.Name))
			}
			optional = optional || !o.Required
			if len(o.Choices) > 25 || len(o.Choices) > 0 && o.Autocomplete {
				bad = append(bad, fmt.Sprintf("/%s %s: choices", c.Name, o.Name))
			}
		}
	}
	return bad
}
