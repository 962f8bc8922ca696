package discordtest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// Option is an option of a slash command as a user filled it in.
type Option struct {
	Name    string `json:"name"`
	Type    int    `json:"type"`
	Value   any    `json:"value"`
	Focused bool   `json:"focused,omitempty"`
}

// Str, Int and Bool are options of those types; Typing is a string option
// being typed, for autocomplete.
func Str(name, v string) Option     { return Option{Name: name, Type: 3, Value: v} }
func Int(name string, v int) Option { return Option{Name: name, Type: 4, Value: v} }
func Bool(name string, v bool) Option {
	return Option{Name: name, Type: 5, Value: v}
}
func Typing(name, v string) Option { return Option{Name: name, Type: 3, Value: v, Focused: true} }

func interaction(id string, typ int, data any) map[string]any {
	return map[string]any{
		"id": id, "application_id": AppID, "type": typ, "token": InteractionToken(id), "version": 1,
		"guild_id": GuildID, "channel_id": Channel,
		"member": map[string]any{"user": map[string]any{"id": UserID, "username": "ada", "discriminator": "0"}, "roles": []string{}},
		"data":   data,
	}
}

// InteractionToken is the token of the interaction with this id.
func InteractionToken(id string) string { return "token-" + id }

// SlashCommand is an INTERACTION_CREATE payload for a slash command.
func SlashCommand(id, name string, opts ...Option) map[string]any {
	if opts == nil {
		opts = []Option{}
	}
	return interaction(id, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": opts})
}

// Autocomplete is an INTERACTION_CREATE payload for autocomplete, with one
// option being typed.
func Autocomplete(id, name string, opts ...Option) map[string]any {
	p := SlashCommand(id, name, opts...)
	p["type"] = 4
	return p
}

// Press is an INTERACTION_CREATE payload for a button pressed on a message
// (ephemeral or not).
func Press(id, customID string, ephemeral bool) map[string]any {
	p := interaction(id, 3, map[string]any{"custom_id": customID, "component_type": 2})
	flags := 0
	if ephemeral {
		flags = Ephemeral
	}
	p["message"] = map[string]any{"id": "msg-of-" + id, "channel_id": Channel, "flags": flags, "content": "",
		"author": map[string]any{"id": BotID, "username": "archivebot", "bot": true}}
	return p
}

// Said is a MESSAGE_CREATE payload: a person writing in a channel of the
// guild. Users mentioned in content as <@id> or <@!id> are listed in its
// mentions, as Discord lists them.
func Said(id, channel, content string) map[string]any {
	m := SaidPrivately(id, channel, content)
	m["guild_id"] = GuildID
	return m
}

// SaidPrivately is a MESSAGE_CREATE payload: a person writing to the bot
// in a direct message channel.
func SaidPrivately(id, channel, content string) map[string]any {
	mentioned := []any{}
	for _, sub := range mentionPattern.FindAllStringSubmatch(content, -1) {
		mentioned = append(mentioned, map[string]any{"id": sub[1], "username": "someone", "discriminator": "0"})
	}
	return map[string]any{
		"id": id, "channel_id": channel, "content": content, "type": 0, "mentions": mentioned,
		"author": map[string]any{"id": UserID, "username": "ada", "discriminator": "0"},
	}
}

var mentionPattern = regexp.MustCompile(`<@!?([0-9]+)>`)

// Callback matches the response to the interaction with this id.
func Callback(id string) func(Call) bool {
	return func(c Call) bool {
		return c.Method == "POST" && strings.Contains(c.Path, "/interactions/"+id+"/") && strings.HasSuffix(c.Path, "/callback")
	}
}

// ToInteraction matches the calls that use an interaction's token after
// its response: edits, deletions and follow-ups.
func ToInteraction(id, method string) func(Call) bool {
	return func(c Call) bool {
		return c.Method == method && strings.Contains(c.Path, "/webhooks/"+AppID+"/"+InteractionToken(id))
	}
}

// Posted matches a message posted in a channel.
func Posted(channel string) func(Call) bool {
	return func(c Call) bool {
		return c.Method == "POST" && strings.HasSuffix(c.Path, "/channels/"+channel+"/messages")
	}
}

// Gateway matches a gateway message from the bot with this op code.
func Gateway(op string) func(Call) bool {
	return func(c Call) bool { return c.Method == "GATEWAY" && c.Path == op }
}

// Registered matches the bulk overwrite of the slash commands.
func Registered(c Call) bool {
	return c.Method == "PUT" && strings.HasSuffix(c.Path, "/commands")
}

// ReadResponse reads an interaction callback's body.
func ReadResponse(c Call) (Response, error) {
	var r Response
	err := json.Unmarshal(c.Body, &r)
	return r, err
}

// ReadMessage reads a message body: a callback's data, or a follow-up,
// edit or channel message.
func ReadMessage(c Call) (Message, error) {
	body := c.Body
	if strings.HasSuffix(c.Path, "/callback") {
		r, err := ReadResponse(c)
		if err != nil {
			return Message{}, err
		}
		body = r.Data
	}
	var m Message
	if len(body) == 0 || string(body) == "null" {
		return m, nil // a deferral carries no message
	}
	err := json.Unmarshal(body, &m)
	return m, err
}

// WithPermissions gives the member of an interaction payload these
// permissions in its channel, as Discord sends them (a decimal string),
// and a server nickname.
func WithPermissions(payload map[string]any, permissions int64, nick string) map[string]any {
	m := payload["member"].(map[string]any)
	m["permissions"] = strconv.FormatInt(permissions, 10)
	if nick != "" {
		m["nick"] = nick
	}
	return payload
}
