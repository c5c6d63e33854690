# syntax=docker/dockerfile:1
#
# MotCua production image: one static binary on distroless.
#
#   docker build --build-arg VERSION=v1.2.3 -t motcua:v1.2.3 .
#   docker run -e DATABASE_URL=... -e SESSION_SECRET=... -e BASE_URL=https://... -p 8080:8080 motcua:v1.2.3
#
# Migrations, templates, static assets and seed data are embedded in the
# binary, so the image holds nothing else. It needs DATABASE_URL, and in
# production also SESSION_SECRET (32+ random characters) and an https
# BASE_URL (config.Validate refuses to start otherwise). Other subcommands
# run the same image:
#   docker run ... motcua:v1.2.3 migrate
#   docker run ... motcua:v1.2.3 seed
#
# Health: distroless has no shell or curl, so there is no HEALTHCHECK here.
# The orchestrator probes HTTP instead: liveness GET /healthz, readiness
# GET /readyz (checks the database), both on port 8080.

# Keep the tag's major.minor equal to go.mod's go line (go 1.26.x).
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules first, so source edits do not invalidate the download layer.
# The cache mounts need BuildKit (the default builder since Docker 23).
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .

# VERSION is the release name (internal/version) shown in logs and pages.
# COMMIT and DATE are optional (e.g. --build-arg COMMIT=$(git rev-parse HEAD)):
# .git is not in the build context, so Go cannot stamp them itself.
ARG VERSION=dev
ARG COMMIT=
ARG DATE=
# -trimpath and -s -w keep build paths and symbol tables out of the image;
# CGO_ENABLED=0 gives a static binary that runs on distroless/static.
# -buildvcs=false: .git is excluded from the build context (.dockerignore).
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/motcua/motcua/internal/version.Version=${VERSION} -X github.com/motcua/motcua/internal/version.Commit=${COMMIT} -X github.com/motcua/motcua/internal/version.Date=${DATE}" \
      -o /out/motcua ./cmd/motcua

# distroless/static rather than debian-slim: no shell, package manager or
# libc to patch, a ~2 MB base, CA certificates and tzdata included, and a
# ready-made non-root user (uid 65532) via the :nonroot tag.
FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=build /out/motcua /motcua

USER nonroot:nonroot
EXPOSE 8080
# Listen on all interfaces inside the container (the app's default is
# 127.0.0.1, right for a developer's machine, wrong behind a port mapping).
ENV ADDR=0.0.0.0:8080 \
    MOTCUA_ENV=production

ENTRYPOINT ["/motcua"]
CMD ["serve"]
