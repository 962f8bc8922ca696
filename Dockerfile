# archivebot: a static binary and a read-only index, on a non-root base.
#
#   docker build -t archivebot .                                   # index the embedded sample
#   docker build --build-arg CORPUS=docs/archive -t archivebot .   # index a folder of your own
#   docker run --rm archivebot ask "quote cotton"

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/archivebot ./cmd/archivebot

# The folder of documents to index, relative to the build context.
ARG CORPUS=corpus/sample
# Build the index at image build time; copy it out of its symlink into a
# plain folder, since the image's index is never rebuilt in place.
RUN /out/archivebot index --corpus "/src/${CORPUS}" --index /tmp/index/archive \
 && cp -rL /tmp/index/archive /out/index

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/archivebot /usr/local/bin/archivebot
COPY --from=build --chown=nonroot:nonroot /out/index /var/lib/archivebot/index
ENV ARCHIVEBOT_INDEX=/var/lib/archivebot/index
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/archivebot"]
CMD ["ask", "help"]
