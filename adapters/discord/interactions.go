package discord

import (
	"context"
	"strings"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// onInteraction answers a slash command, an autocomplete request or a
// button press.
func (a *Adapter) onInteraction(ctx context.Context, s rest, i *discordgo.Interaction) {
	if !a.allowed.Allows(i.GuildID, i.ChannelID) {
		a.log.InfoContext(ctx, "not allowed here", "guild", i.GuildID, "channel", i.ChannelID)
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			return // no choices: Discord says the options could not be loaded
		}
		a.respondNow(ctx, s, i, bot.NotHere(), "")
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		a.onCommand(ctx, s, i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.onAutocomplete(ctx, s, i)
	case discordgo.InteractionMessageComponent:
		a.onButton(ctx, s, i)
	}
}

// userOf is the id of the person who caused an interaction: a member in a
// server, a user in a direct message.
func userOf(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

func (a *Adapter) request(i *discordgo.Interaction, text string) bot.Request {
	return bot.Request{
		Text: text, Platform: Platform, User: userOf(i), Channel: i.ChannelID,
		Conversation: conversation(i.ChannelID), UserName: interactionName(i), CanManage: mayManage(i),
	}
}

// conversation is the key of a channel's or thread's saved state; a
// thread has a channel id of its own, so it keeps its own bibliography.
func conversation(channelID string) string {
	if channelID == "" {
		return ""
	}
	return "discord:" + channelID
}

// manageBits are the permissions that let a member clear a channel's
// bibliography: managing the channel, or the server, or administering it.
const manageBits = discordgo.PermissionManageChannels | discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

// mayManage reports whether the person who caused an interaction may
// manage its channel or server, from the member's permissions in the
// channel as Discord sends them with the interaction. In a direct
// message, the conversation is the person's own.
func mayManage(i *discordgo.Interaction) bool {
	if i.Member == nil {
		return i.GuildID == "" && i.User != nil
	}
	return i.Member.Permissions&manageBits != 0
}

// interactionName is the display name of the person who caused an
// interaction: their server nickname, else their display name, else their
// user name.
func interactionName(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil:
		return displayName(i.Member, i.Member.User)
	case i.User != nil:
		return displayName(nil, i.User)
	}
	return ""
}

// displayName is how Discord shows a person: the server nickname, else
// the global display name, else the user name.
func displayName(m *discordgo.Member, u *discordgo.User) string {
	switch {
	case m != nil && m.Nick != "":
		return m.Nick
	case u == nil:
		return ""
	case u.GlobalName != "":
		return u.GlobalName
	}
	return u.Username
}

func (a *Adapter) onCommand(ctx context.Context, s rest, i *discordgo.Interaction) {
	d := i.ApplicationCommandData()
	if d.Name == cardsCommandName && a.cardsCommandOn() {
		a.onCards(ctx, s, i)
		return
	}
	inv := readCommand(d)
	private := a.opts.PrivateAnswers
	if inv.private != nil {
		private = *inv.private
	}
	a.log.DebugContext(ctx, "slash command", "command", d.Name, "guild", i.GuildID, "channel", i.ChannelID)
	req := a.request(i, inv.text)
	if !a.limits.Allow(req.User, req.Channel) {
		a.respondNow(ctx, s, i, bot.SlowDown(), d.Name)
		return
	}
	a.answer(ctx, s, i, req, delivery{private: private})
}

func (a *Adapter) onAutocomplete(ctx context.Context, s rest, i *discordgo.Interaction) {
	d := i.ApplicationCommandData()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if o, ok := focused(d); ok && o.Type == discordgo.ApplicationCommandOptionString {
		for _, sg := range a.bot.Complete(d.Name, o.StringValue()) {
			if len(choices) == maxChoices {
				break
			}
			name := first(fit(sg.Label, maxChoiceText, verbatim))
			if name == "" || sg.Value == "" || length(sg.Value) > maxChoiceText {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: sg.Value})
		}
	}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	if err != nil {
		a.log.WarnContext(ctx, "answer autocomplete", "command", d.Name, "err", err)
	}
}

// staleButton is the answer to a button whose id this bot did not sign.
func staleButton() bot.Reply {
	return bot.Reply{
		Kind:     bot.KindUsage,
		Headline: "Sorry, that button no longer works.",
		Hint:     "It may be from an older version of the bot. Please run the command again, for example `help`.",
		Private:  true,
	}
}

func (a *Adapter) onButton(ctx context.Context, s rest, i *discordgo.Interaction) {
	d := i.MessageComponentData()
	st, err := a.render.signer.decode(d.CustomID)
	if err != nil {
		a.log.InfoContext(ctx, "stale or foreign button", "guild", i.GuildID, "channel", i.ChannelID)
		a.respondNow(ctx, s, i, staleButton(), "")
		return
	}
	req := a.request(i, st.command)
	if !a.limits.Allow(req.User, req.Channel) {
		a.respondNow(ctx, s, i, bot.SlowDown(), "")
		return
	}
	a.log.DebugContext(ctx, "button", "action", string(st.action), "guild", i.GuildID, "channel", i.ChannelID)
	onPrivate := i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	switch st.action {
	case actionPage, actionChoice:
		a.answer(ctx, s, i, req, delivery{update: true, private: onPrivate})
	case actionShare:
		a.answer(ctx, s, i, req, delivery{private: false})
	}
}

// delivery says how an interaction's answer is delivered.
type delivery struct {
	// update replaces the message the pressed button is on, instead of
	// answering with a new message.
	update bool
	// private shows the answer to the asker alone: asked for, for a new
	// message; the message's own state, for an update.
	private bool
}

// answer asks the bot and delivers its reply within Discord's deadline: at
// once if the bot answers in time, else after acknowledging the
// interaction with a deferral.
func (a *Adapter) answer(ctx context.Context, s rest, i *discordgo.Interaction, req bot.Request, d delivery) {
	replies := make(chan bot.Reply, 1)
	go func() {
		r := a.bot.Handle(ctx, req)
		a.limits.Charge(req.User, r) // a search cut off at its deadline costs more
		replies <- r
	}()
	t := time.NewTimer(a.deferAfter)
	defer t.Stop()
	select {
	case reply := <-replies:
		a.deliver(ctx, s, i, reply, req.Text, d)
		return
	case <-t.C:
	}

	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if d.update {
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
	} else if d.private {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	if err := s.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		a.log.WarnContext(ctx, "defer the answer", "command", a.commandName(req.Text), "err", err)
		return
	}
	a.log.DebugContext(ctx, "answer deferred", "command", a.commandName(req.Text))
	reply := <-replies // bounded: the bot has its own timeout
	a.deliverLate(ctx, s, i, reply, req.Text, d)
}

// deliver answers an interaction with the reply, in time.
func (a *Adapter) deliver(ctx context.Context, s rest, i *discordgo.Interaction, reply bot.Reply, command string, d delivery) {
	if d.update && reply.Kind == bot.KindAnswer {
		m := a.render.render(reply, view{command: command, ephemeral: d.private})
		m.Ephemeral = false // an update keeps the message's own flags
		a.respond(ctx, s, i, discordgo.InteractionResponseUpdateMessage, m, reply.Command)
		return
	}
	// A button whose command now fails gets a private note; the answer on
	// the message stays as it was.
	private := d.private || reply.Private || d.update
	m := a.render.render(reply, view{command: command, ephemeral: private})
	a.respond(ctx, s, i, discordgo.InteractionResponseChannelMessageWithSource, m, reply.Command)
}

// deliverLate delivers the reply to an interaction already deferred.
func (a *Adapter) deliverLate(ctx context.Context, s rest, i *discordgo.Interaction, reply bot.Reply, command string, d delivery) {
	var err error
	switch {
	case d.update && reply.Kind == bot.KindAnswer:
		m := a.render.render(reply, view{command: command, ephemeral: d.private})
		_, err = s.InteractionResponseEdit(i, m.edit(), discordgo.WithContext(ctx))
	case d.update:
		m := a.render.render(reply, view{command: command, ephemeral: true})
		_, err = s.FollowupMessageCreate(i, true, m.followup(), discordgo.WithContext(ctx))
	case reply.Private && !d.private:
		// The deferral was public and cannot turn private: remove it, and
		// answer with a private follow-up.
		m := a.render.render(reply, view{command: command, ephemeral: true})
		if err = s.InteractionResponseDelete(i, discordgo.WithContext(ctx)); err == nil {
			_, err = s.FollowupMessageCreate(i, true, m.followup(), discordgo.WithContext(ctx))
		}
	default:
		m := a.render.render(reply, view{command: command, ephemeral: d.private})
		_, err = s.InteractionResponseEdit(i, m.edit(), discordgo.WithContext(ctx))
	}
	if err != nil {
		a.log.WarnContext(ctx, "deliver a deferred answer", "command", reply.Command, "err", err)
	}
}

// respondNow answers with a reply the adapter made itself (slow down,
// stale button): privately and at once.
func (a *Adapter) respondNow(ctx context.Context, s rest, i *discordgo.Interaction, reply bot.Reply, command string) {
	m := a.render.render(reply, view{ephemeral: true})
	a.respond(ctx, s, i, discordgo.InteractionResponseChannelMessageWithSource, m, command)
}

func (a *Adapter) respond(ctx context.Context, s rest, i *discordgo.Interaction, t discordgo.InteractionResponseType, m message, command string) {
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: t, Data: m.response()}, discordgo.WithContext(ctx))
	if err != nil {
		a.log.WarnContext(ctx, "answer an interaction", "command", command, "err", err)
	}
}

// commandName is the command a text starts with, for logs: a known
// command's name, or "other" (the rest is the user's text, never logged).
func (a *Adapter) commandName(text string) string {
	name, _, _ := strings.Cut(text, " ")
	if a.commands[name] {
		return name
	}
	return "other"
}
