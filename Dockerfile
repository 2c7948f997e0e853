# legwork in a container: a static binary (CGO_ENABLED=0, time zones
# embedded) on distroless. The :debug-nonroot variant adds a busybox shell
# at /busybox/sh, which the Kubernetes Indexed Job uses to turn
# JOB_COMPLETION_INDEX into --shard K/N (deploy/kubernetes/).
#
#   docker build --build-arg VERSION=$(git describe --always --dirty) -t legwork .
#   docker run --rm -v $PWD:/data legwork squad -o /data/out /data/squad
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -tags timetzdata -trimpath \
      -ldflags "-s -w -X main.versionOverride=${VERSION}" \
      -o /out/legwork ./cmd/legwork

FROM gcr.io/distroless/static-debian12:debug-nonroot
COPY --from=build /out/legwork /usr/local/bin/legwork
USER nonroot
ENTRYPOINT ["/usr/local/bin/legwork"]
