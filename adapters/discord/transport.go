package discord

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// apiVersionSuffix matches a base URL given with Discord's own "/api/v10"
// path, which rebase adds itself.
var apiVersionSuffix = regexp.MustCompile(`/api(/v[0-9]+)?/?$`)

// parseAPIBase reads the base URL that replaces https://discord.com: a
// scheme, a host and optionally a path prefix. A trailing "/api/vN" is
// accepted and dropped, since the requests carry it already.
func parseAPIBase(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		// The value is left out: it may hold a password.
		return nil, fmt.Errorf("%w: give an http or https URL such as http://127.0.0.1:8080", ErrBadAPIBase)
	}
	u.Path = strings.TrimRight(apiVersionSuffix.ReplaceAllString(u.Path, ""), "/")
	u.RawPath = ""
	return u, nil
}

// rebase is an http.RoundTripper that sends requests for Discord's API to
// another base URL, keeping their paths: https://discord.com/api/v9/x goes
// to BASE/api/v9/x. Requests to other hosts (such as the CDN) pass through.
// It leaves discordgo's package-level endpoint variables alone, so
// sessions with different bases can live in one process.
type rebase struct {
	base *url.URL
	host string // the host to redirect, Discord's
	next http.RoundTripper
}

func (t rebase) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = t.base.Path + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = t.base.EscapedPath() + req.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}

// discordHost is the host discordgo sends its API requests to.
func discordHost() string {
	u, err := url.Parse(discordgo.EndpointAPI)
	if err != nil {
		return "discord.com"
	}
	return u.Host
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
