package bot

import "strings"

// AllowList says where the bot may be used: in which places (Discord
// servers, Slack workspaces) and in which channels. An empty list allows
// everything of its kind. It is read-only once made, so safe for
// concurrent use.
type AllowList struct {
	places   map[string]bool
	channels map[string]bool
}

// NewAllowList makes an allow-list from ids of places and of channels;
// blank ids are ignored.
func NewAllowList(places, channels []string) AllowList {
	set := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			if id = strings.TrimSpace(id); id != "" {
				m[id] = true
			}
		}
		if len(m) == 0 {
			return nil
		}
		return m
	}
	return AllowList{places: set(places), channels: set(channels)}
}

// Restricted reports whether the list limits anything.
func (l AllowList) Restricted() bool { return l.places != nil || l.channels != nil }

// Allows reports whether a request from this place and channel may be
// answered: each list that is not empty must hold the id. So when places
// are listed, a request from no place (a direct message) is refused.
func (l AllowList) Allows(place, channel string) bool {
	return (l.places == nil || l.places[place]) && (l.channels == nil || l.channels[channel])
}

// NotHere is the reply to a request from where the bot is not allowed.
func NotHere() Reply {
	return Reply{Kind: KindUsage, Headline: "Sorry, I'm not available here.", Hint: "Ask the people who run this server or workspace where the archive bot can be used.", Private: true}
}
