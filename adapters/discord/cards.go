package discord

import (
	"context"
	"sync"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// The /cards command turns citation cards on or off in a channel. Only a
// member with Manage Server may use it: Discord hides it from the others
// (DefaultMemberPermissions), and the adapter checks the permissions the
// interaction carries as well, since a server can change who sees a
// command.
const (
	cardsCommandName = "cards"
	optCards         = "cards"
)

// manageServer are the permissions that may change a setting.
const manageServer = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// cardSettings holds the channels with citation cards off: those of
// Options.UnfurlOff, then as changed with /cards. Changes last until the
// process ends. It is safe for concurrent use.
type cardSettings struct {
	mu  sync.RWMutex
	off map[string]bool
}

func (c *cardSettings) on(channel string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return !c.off[channel]
}

func (c *cardSettings) set(channel string, on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if on {
		delete(c.off, channel)
	} else {
		c.off[channel] = true
	}
}

// cardsCommandOn reports whether the adapter offers /cards: only when it
// shows citation cards at all.
func (a *Adapter) cardsCommandOn() bool {
	return a.opts.MessageContent && !a.opts.NoUnfurl
}

// cardsCommand is the slash command that changes the setting.
func cardsCommand() *discordgo.ApplicationCommand {
	perms := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Name:                     cardsCommandName,
		Description:              "Turn citation cards for archive links on or off in this channel (Manage Server)",
		DefaultMemberPermissions: &perms,
		Contexts:                 &guildOnly,
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: optCards, Required: true,
			Description: "Show a short citation card under messages that link to an archive document",
			Choices: []*discordgo.ApplicationCommandOptionChoice{
				{Name: "on", Value: "on"}, {Name: "off", Value: "off"},
			},
		}},
	}
}

// onCards changes the citation cards of the channel, for a member allowed
// to manage the server, and says what it did, privately.
func (a *Adapter) onCards(ctx context.Context, s rest, i *discordgo.Interaction) {
	var state string
	for _, o := range i.ApplicationCommandData().Options {
		if o.Name == optCards && o.Type == discordgo.ApplicationCommandOptionString {
			state = o.StringValue()
		}
	}
	reply := bot.Reply{Kind: bot.KindAnswer, Command: cardsCommandName, Private: true}
	switch {
	case i.Member == nil || i.GuildID == "":
		reply = bot.Reply{Kind: bot.KindUsage, Headline: "Citation cards are set per server channel: use /cards in a server.", Private: true}
	case i.Member.Permissions&manageServer == 0:
		a.log.InfoContext(ctx, "setting refused: no Manage Server permission", "setting", "cards", "guild", i.GuildID, "channel", i.ChannelID, "user", userOf(i))
		reply = bot.Reply{Kind: bot.KindUsage, Headline: "Sorry, only members who can manage this server may change citation cards.", Private: true}
	case state != "on" && state != "off":
		reply = bot.Reply{Kind: bot.KindUsage, Headline: "Say on or off: /cards on, /cards off.", Private: true}
	default:
		a.cards.set(i.ChannelID, state == "on")
		a.log.InfoContext(ctx, "setting changed", "setting", "cards", "value", state, "guild", i.GuildID, "channel", i.ChannelID, "user", userOf(i))
		reply.Headline = "Citation cards are now " + state + " in this channel."
		reply.Hint = "This lasts until the bot restarts; its operator can make it permanent."
	}
	a.respondNow(ctx, s, i, reply, cardsCommandName)
}
