package discord

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// Citation cards: at most this many a message, from at most lookups
// candidate references.
const (
	maxCards   = 3
	maxLookups = 5
)

// onMessage answers a message command (a mention of the bot, a direct
// message, or the prefix), or shows citation cards for the archive
// references in a message. Discord sends the text of mentions and direct
// messages to any bot; the prefix and citation cards need the Message
// Content intent, without which other messages arrive empty.
func (a *Adapter) onMessage(ctx context.Context, s rest, self string, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.Author.ID == self || m.WebhookID != "" {
		return
	}
	if !a.allowed.Allows(m.GuildID, m.ChannelID) {
		return // not a place the bot answers: say nothing in it
	}
	if text, ok := a.messageCommand(m.Content, self); ok {
		a.answerMessage(ctx, s, m, text)
		return
	}
	cards := a.opts.MessageContent && !a.opts.NoUnfurl && a.cards.on(m.ChannelID)
	if cards && len(references(m.Content)) > 0 {
		a.unfurl(ctx, s, m)
		return
	}
	if m.GuildID == "" && strings.TrimSpace(m.Content) != "" {
		// A direct message is addressed to the bot: all of it is the
		// command.
		a.answerMessage(ctx, s, m, strings.TrimSpace(m.Content))
	}
}

// messageCommand finds a command in a message: after a mention of the bot
// ("@archivebot who Puzanov"), or after the prefix ("!quote cotton"). A
// prefix is shared with other bots, so only the bot's own command words
// count after it.
func (a *Adapter) messageCommand(content, self string) (string, bool) {
	text := strings.TrimSpace(content)
	if self != "" {
		for _, mention := range []string{"<@" + self + ">", "<@!" + self + ">"} {
			if rest, ok := strings.CutPrefix(text, mention); ok {
				return strings.TrimSpace(rest), true
			}
		}
	}
	rest, ok := strings.CutPrefix(text, a.opts.Prefix)
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, " ")
	if !a.commands[strings.ToLower(name)] {
		return "", false
	}
	return rest, true
}

func (a *Adapter) answerMessage(ctx context.Context, s rest, m *discordgo.Message, text string) {
	req := bot.Request{
		Text: text, Platform: Platform, User: m.Author.ID, Channel: m.ChannelID,
		Conversation: conversation(m.ChannelID), UserName: displayName(m.Member, m.Author),
		// A message carries no permissions: in a server, clearing the
		// bibliography takes the slash command, which does. A direct
		// message is the person's own conversation.
		CanManage: m.GuildID == "" || m.Member != nil && m.Member.Permissions&manageBits != 0,
	}
	a.log.DebugContext(ctx, "message command", "command", a.commandName(text), "guild", m.GuildID, "channel", m.ChannelID)
	var reply bot.Reply
	if a.limits.Allow(req.User, req.Channel) {
		reply = a.bot.Handle(ctx, req)
		a.limits.Charge(req.User, reply) // a search cut off at its deadline costs more
	} else {
		if !a.notices.Allow(req.User) {
			return // told once already: stay quiet rather than add to the flood
		}
		reply = bot.SlowDown()
	}
	msg := a.render.render(reply, view{command: text})
	if _, err := s.ChannelMessageSendComplex(m.ChannelID, msg.send(m.SoftReference()), discordgo.WithContext(ctx)); err != nil {
		a.log.WarnContext(ctx, "answer a message command", "command", reply.Command, "guild", m.GuildID, "channel", m.ChannelID, "err", err)
	}
}

// reference is a document a message refers to: by its archive URL, or as
// doc:<id>.
type reference struct {
	id  string
	url string // empty for doc:<id>
}

var (
	urlPattern   = regexp.MustCompile(`https?://[^\s<>|]+`)
	docPattern   = regexp.MustCompile(`(?:^|[\s(\[])doc:([A-Za-z0-9][A-Za-z0-9_-]{0,63})\b`)
	docIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
)

// references finds the candidate document references in a message, in
// order, each once, at most maxLookups of them.
func references(content string) []reference {
	type found struct {
		at  int
		ref reference
	}
	var all []found
	for _, loc := range urlPattern.FindAllStringIndex(content, -1) {
		raw := strings.TrimRight(content[loc[0]:loc[1]], ".,;:!?)]>'\"")
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		if id := segs[len(segs)-1]; docIDPattern.MatchString(id) {
			all = append(all, found{loc[0], reference{id: id, url: raw}})
		}
	}
	for _, m := range docPattern.FindAllStringSubmatchIndex(content, -1) {
		all = append(all, found{m[2], reference{id: content[m[2]:m[3]]}})
	}
	// Keep the order of the message.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].at < all[j-1].at; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	var out []reference
	seen := map[string]bool{}
	for _, f := range all {
		if seen[f.ref.id] {
			continue
		}
		seen[f.ref.id] = true
		out = append(out, f.ref)
		if len(out) == maxLookups {
			break
		}
	}
	return out
}

// unfurl answers a message that refers to archive documents with a short
// citation card for each (at most three). A URL counts only if it is the
// document's own URL in the archive.
func (a *Adapter) unfurl(ctx context.Context, s rest, m *discordgo.Message) {
	refs := references(m.Content)
	if len(refs) == 0 || !a.limits.Allow(m.Author.ID, m.ChannelID) {
		return
	}
	var cards []*discordgo.MessageEmbed
	for _, ref := range refs {
		if len(cards) == maxCards {
			break
		}
		reply := a.bot.Handle(ctx, bot.Request{Text: "cite " + ref.id, Platform: Platform, User: m.Author.ID, Channel: m.ChannelID})
		if c, ok := cited(reply, ref); ok {
			cards = append(cards, a.render.card(c))
		}
	}
	if len(cards) == 0 {
		return
	}
	msg := message{Embeds: cards}
	if _, err := s.ChannelMessageSendComplex(m.ChannelID, msg.send(m.SoftReference()), discordgo.WithContext(ctx)); err != nil {
		a.log.WarnContext(ctx, "send citation cards", "guild", m.GuildID, "channel", m.ChannelID, "err", err)
		return
	}
	a.log.DebugContext(ctx, "citation cards", "count", len(cards), "guild", m.GuildID, "channel", m.ChannelID)
}

// cited returns the citation of a cite reply if it is the document ref
// means.
func cited(reply bot.Reply, ref reference) (bot.Citation, bool) {
	if reply.Kind != bot.KindAnswer || len(reply.Citations) != 1 || len(reply.Details) == 0 || len(reply.Choices) > 0 {
		return bot.Citation{}, false
	}
	c := reply.Citations[0]
	if ref.url == "" {
		return c, c.DocID == ref.id
	}
	return c, sameURL(c.URL, ref.url)
}

// sameURL compares two URLs of a document, ignoring the scheme, "www.", a
// trailing slash, the query and the fragment.
func sameURL(a, b string) bool {
	norm := func(s string) string {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return ""
		}
		return strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimRight(u.Path, "/")
	}
	na := norm(a)
	return na != "" && na == norm(b)
}
