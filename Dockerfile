# archivebot: a static binary and a read-only index, on a non-root base.
#
#   docker build -t archivebot .                                   # index the embedded sample
#   docker build --build-arg CORPUS=docs/archive -t archivebot .   # index a folder of your own
#   docker run --rm archivebot ask "quote cotton"
#
# To serve your own index without rebuilding the image, mount it over
# /var/lib/archivebot and send SIGHUP after rebuilding it: see "Docker" in
# README.md.
#
# No Docker engine runs on the machines this file was last changed on: its
# steps were checked by hand instead, by running the same commands outside a
# container (the go build line below with CGO_ENABLED=0, then the index
# step into a fresh folder, then `archivebot ask` and `archivebot health`
# on the result). Build it once with Docker before relying on a change.
#
# Both images are pinned by tag: the Go image to go.mod's go line, the
# runtime to Debian 12 and the nonroot user. Distroless publishes no version
# tags, and digests could not be fetched where this was written; to pin
# further, append the digests `docker buildx imagetools inspect IMAGE`
# prints (FROM golang:1.26.8-bookworm@sha256:...).

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/archivebot ./cmd/archivebot

# The folder of documents to index, relative to the build context.
ARG CORPUS=corpus/sample
# Build the index at image build time; copy it out of its symlink into a
# plain folder, since the image's index is never rebuilt in place. The
# parent folder must exist: `index` makes the index, not its parents.
RUN mkdir -p /tmp/index \
 && /out/archivebot index --corpus "/src/${CORPUS}" --index /tmp/index/archive \
 && cp -rL /tmp/index/archive /out/index

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/archivebot /usr/local/bin/archivebot
COPY --from=build --chown=nonroot:nonroot /out/index /var/lib/archivebot/index
ENV ARCHIVEBOT_INDEX=/var/lib/archivebot/index
# The ops listener (/healthz, /readyz, /metrics) of `discord`, `slack` and
# the shell. `ask` and `index` serve none.
ENV ARCHIVEBOT_OPS=0.0.0.0:9090
EXPOSE 9090
# The image has no shell and no curl: `archivebot health` asks /readyz at
# ARCHIVEBOT_OPS and exits 0 when ready, 1 otherwise. The start period
# covers connecting to Discord or Slack.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/archivebot", "health", "--timeout", "3s"]
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/archivebot"]
CMD ["ask", "help"]
