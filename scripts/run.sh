#!/usr/bin/env bash
# What `make run` executes: build MotCua and serve it in the foreground.
#
# With DATABASE_URL set, that database is used and nothing else is started.
# Otherwise a private PostgreSQL cluster in var/pg is started (created on
# first use, data kept between runs) and stopped again when this script
# ends. Ctrl-C reaches the server, which shuts down gracefully; then the
# EXIT trap stops the cluster. ADDR and other settings pass through the
# environment.
set -euo pipefail

cd "$(dirname -- "$0")/.."
mkdir -p var/bin

if [[ -z ${DATABASE_URL:-} ]]; then
	# fd 8 holds the lock for this script's lifetime; children that outlive
	# us (the postgres server) must not inherit it, hence 8>&- below.
	exec 8>var/run.lock
	if ! flock -n 8; then
		echo "MotCua is already running (make run holds var/run.lock); stop it first" >&2
		exit 1
	fi
	stop_cluster() { scripts/pg.sh stop var/pg 8>&- || true; }
	trap stop_cluster EXIT
	# Bash runs these only after the foreground command has exited, so the
	# server finishes its graceful shutdown before the cluster goes away.
	trap 'exit 130' INT
	trap 'exit 143' TERM
	DATABASE_URL=$(scripts/pg.sh start var/pg 8>&-)
	export DATABASE_URL
fi

go build -o var/bin/motcua ./cmd/motcua
var/bin/motcua migrate
var/bin/motcua seed --demo --if-empty
var/bin/motcua serve
