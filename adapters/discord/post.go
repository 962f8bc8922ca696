package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// ErrChannelRefused means Discord will not let the bot read or post in a
// channel: it does not exist, or the bot may not see it or write in it.
// Trying again will not help until someone changes the channel or the
// bot's permissions.
var ErrChannelRefused = errors.New("discord refused the channel")

// Post sends reply to channel as a message of the bot's own, laid out as
// answers are, with no one mentioned. It needs no gateway connection: the
// daily post calls it on its own schedule. A channel outside the allowed
// servers and channels is refused with ErrChannelRefused, as are the
// channels Discord refuses.
func (a *Adapter) Post(ctx context.Context, channel string, reply bot.Reply) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	// The server is checked by ChannelGuild, which knows it.
	if !bot.NewAllowList(nil, a.opts.AllowedChannels).Allows("", channel) {
		return fmt.Errorf("post to channel %s: %w: not among the allowed channels", channel, ErrChannelRefused)
	}
	msg := a.render.render(reply, view{})
	if _, err := s.ChannelMessageSendComplex(channel, msg.send(nil), discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("post to channel %s: %w", channel, channelError(err))
	}
	a.log.DebugContext(ctx, "posted", "command", reply.Command, "channel", channel)
	return nil
}

// ChannelGuild returns the id of the server channel belongs to, and
// ErrChannelRefused when the bot cannot see the channel or the server is
// not among the allowed ones. A direct message channel has none: it is
// refused too.
func (a *Adapter) ChannelGuild(ctx context.Context, channel string) (string, error) {
	s, err := a.session()
	if err != nil {
		return "", err
	}
	c, err := s.Channel(channel, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("look up channel %s: %w", channel, channelError(err))
	}
	if c.GuildID == "" {
		return "", fmt.Errorf("channel %s: %w: not a channel of a server", channel, ErrChannelRefused)
	}
	if !a.allowed.Allows(c.GuildID, channel) {
		return "", fmt.Errorf("channel %s: %w: not among the allowed servers and channels", channel, ErrChannelRefused)
	}
	return c.GuildID, nil
}

// channelError marks Discord's refusals of a channel (unknown, no access,
// missing permissions) with ErrChannelRefused.
func channelError(err error) error {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return err
	}
	switch re.Response.StatusCode {
	case http.StatusNotFound, http.StatusForbidden:
		return fmt.Errorf("%w: %w", ErrChannelRefused, err)
	}
	return err
}
