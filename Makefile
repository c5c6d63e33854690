# MotCua: every check is a make target, and CI (.ci/run) calls the same ones.
#   make run     start MotCua on http://127.0.0.1:8080 with a private PostgreSQL and demo data
#   make test    every test (Go, race detector, real PostgreSQL, headless Chromium)
#   make lint    gofmt, go vet, staticcheck, golangci-lint, migrations, stale templ code
#   make bench   benchmarks and load tests (bench/)

SHELL := /bin/bash
GO ?= go

.PHONY: run test lint bench build generate fmt docker clean help

help:
	@sed -n 's/^#   //p' Makefile

run:
	@scripts/run.sh

test:
	@scripts/test.sh

lint:
	@scripts/lint.sh

bench:
	@scripts/bench.sh

build: generate
	CGO_ENABLED=0 $(GO) build -trimpath -o var/bin/motcua ./cmd/motcua

generate:
	$(GO) tool templ generate -path templates

fmt:
	gofmt -w $$(git ls-files '*.go' | grep -v '_templ.go$$')
	$(GO) tool templ fmt templates

docker:
	docker build -t motcua:dev .

clean:
	-scripts/pg.sh stop var/pgtest
	rm -rf var/bin var/pgtest var/pgtest.* var/vnu
