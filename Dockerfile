# Multi-stage build of the liaison server. The Neo4j it talks to runs in
# its own container (docker-compose.yml). The image holds the static binary
# only, with the explorer page and GraphiQL embedded in it (go:embed of
# web/dist), on distroless/static: about 38 MB (a 36 MB binary on a 2 MB
# base; an estimate from the binary this Dockerfile's build stage makes,
# since the machine it was written on has no Docker engine). .dockerignore
# keeps the build context to the sources (about 3 MB).

# The explorer page and GraphiQL, embedded in the binary (web/dist).
FROM node:20-bookworm AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/build.mjs ./
COPY web/src/ src/
RUN mkdir dist && node build.mjs

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /web/dist/ web/dist/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/liaison ./cmd/liaison

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/liaison /liaison
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/liaison"]
CMD ["serve"]
