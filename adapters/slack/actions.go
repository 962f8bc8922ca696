package slack

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/bot"
)

// errBadButton is a button press that is not one of ours, or whose value
// is not a command we could have put there.
var errBadButton = errors.New("unrecognised button")

// buttonValue checks that a command can travel in a button's value: the
// value is the whole state of the button, so a Next button carries the
// complete command for the next page.
func buttonValue(command string) (string, bool) {
	command = strings.TrimSpace(command)
	if command == "" || len(command) > maxValue || !utf8.ValidString(command) {
		return "", false
	}
	return command, true
}

// buttonCommand validates a pressed button and returns the command its
// value carries. Slack signs what it sends, but a value is only as good
// as what made it: it must be a known action with a value that reads as
// one of the bot's commands, of a length the bot accepts, in plain text.
func buttonCommand(actionID, value string, names map[string]bool) (string, error) {
	switch {
	case actionID == actionPrev, actionID == actionNext, actionID == actionShare:
	case strings.HasPrefix(actionID, actionChoice) && len(actionID) <= len(actionChoice)+2 && isDigits(actionID[len(actionChoice):]):
	default:
		return "", errBadButton
	}
	value = strings.TrimSpace(value)
	if value == "" || !utf8.ValidString(value) || utf8.RuneCountInString(value) > bot.MaxRequestChars {
		return "", errBadButton
	}
	if strings.IndexFunc(value, unicode.IsControl) >= 0 {
		return "", errBadButton
	}
	name, _, _ := strings.Cut(value, " ")
	if !names[strings.ToLower(name)] {
		return "", errBadButton
	}
	return value, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// badButton is the reply to a button that fails validation.
func badButton() bot.Reply {
	return bot.Reply{
		Kind:     bot.KindUsage,
		Headline: "Sorry, I can't follow that button: it does not carry a command I know.",
		Hint:     "Ask again, for example `/archive help`.",
		Private:  true,
	}
}

// busy is the reply when too many requests are being answered at once.
func busy() bot.Reply {
	return bot.Reply{
		Kind:     bot.KindFailure,
		Headline: "I'm answering a lot of questions right now: please ask again in a moment.",
		Private:  true,
	}
}
