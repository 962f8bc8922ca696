package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"

	slackapi "github.com/slack-go/slack"

	"github.com/archivebot/archivebot/bot"
)

// ErrChannelRefused means Slack will not let the app post in a channel:
// it does not exist, is archived, or the app is not in it. Trying again
// will not help until someone invites the app or changes the channel.
var ErrChannelRefused = errors.New("slack refused the channel")

// channelErrors are the errors of chat.postMessage that no retry cures.
var channelErrors = []string{"channel_not_found", "not_in_channel", "is_archived", "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel", "ekm_access_denied", "team_access_not_granted"}

// Post sends reply to channel as a message of the app's own, laid out in
// Block Kit as answers are, with no one mentioned and no link unfurled.
// It needs no connection from Slack: the daily post calls it on its own
// schedule. A channel outside the allowed ones is refused with
// ErrChannelRefused, as are the channels Slack refuses.
func (a *Adapter) Post(ctx context.Context, channel string, reply bot.Reply) error {
	if !bot.NewAllowList(nil, a.cfg.AllowedChannels).Allows("", channel) {
		return fmt.Errorf("post to channel %s: %w: not among the allowed channels", channel, ErrChannelRefused)
	}
	m := render(reply, view{})
	_, _, err := a.api.PostMessageContext(ctx, channel,
		slackapi.MsgOptionText(m.Text, false),
		slackapi.MsgOptionBlocks(m.Blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(),
		slackapi.MsgOptionDisableMediaUnfurl(),
		slackapi.MsgOptionLinkNames(false),
	)
	if err != nil {
		var se slackapi.SlackErrorResponse
		if errors.As(err, &se) && slices.Contains(channelErrors, se.Err) {
			return fmt.Errorf("post to channel %s: %w (%s)", channel, ErrChannelRefused, se.Err)
		}
		return fmt.Errorf("post to channel %s: %w", channel, redact(err))
	}
	a.log.DebugContext(ctx, "posted", "command", reply.Command, "channel", channel)
	return nil
}

// TeamID asks Slack which workspace the bot token belongs to (auth.test):
// the daily post's key. A workspace outside the allowed ones is refused
// with ErrChannelRefused.
func (a *Adapter) TeamID(ctx context.Context) (string, error) {
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("ask Slack for the workspace with auth.test: %w", redact(err))
	}
	if res.TeamID == "" {
		return "", errors.New("auth.test named no workspace")
	}
	if !bot.NewAllowList(a.cfg.AllowedTeams, nil).Allows(res.TeamID, "") {
		return "", fmt.Errorf("workspace %s: %w: not among the allowed workspaces", res.TeamID, ErrChannelRefused)
	}
	return res.TeamID, nil
}
