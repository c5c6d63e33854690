#!/usr/bin/env bash
# bench.sh: what `make bench` runs. Starts a private PostgreSQL cluster in
# var/pgbench (like make test, never a server it did not start), then runs
# the Go benchmarks and the load tests under bench/, printing their figures.
# Client and server share this machine's cores: compare figures from one
# run, not across machines.
#
#   scripts/bench.sh                 everything
#   BENCH_DURATION=60s scripts/bench.sh
#   BENCH_INTAKE_CLIENTS=32 scripts/bench.sh
#   BENCH_QUEUE_DOSSIERS=200000 BENCH_QUEUE_UNIT_DOSSIERS=20000 scripts/bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

url="$(PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
	scripts/pg.sh start var/pgbench postgres)"
trap 'scripts/pg.sh stop var/pgbench >/dev/null 2>&1 || true' EXIT
export MOTCUA_TEST_DATABASE_URL="$url" MOTCUA_BENCH_DATABASE_URL="$url"

echo "== go test -bench"
go test -run '^$' -bench . -benchmem ./...

# Two mixes: the questions citizens repeat all day (answered from the
# result cache once asked), then the same with 1% questions never asked
# before (each a full PostgreSQL search).
echo "== catalogue search load test"
go build -o var/bin/catalogload ./bench/catalogload
for fresh in 0 0.01; do
	var/bin/catalogload -procedures "${BENCH_PROCEDURES:-2000}" -clients "${BENCH_CLIENTS:-32}" \
		-duration "${BENCH_DURATION:-20s}" -fresh "$fresh"
done

# Online submissions with a 1 MB PDF attached, each client a citizen going
# through every page as a browser does; then the server's peak memory and a
# check of the dossiers and files in the database.
echo "== dossier intake load test"
go build -o var/bin/intakeload ./bench/intakeload
var/bin/intakeload -clients "${BENCH_INTAKE_CLIENTS:-16}" -duration "${BENCH_DURATION:-20s}"

# A staff queue of 100,000 dossiers at one unit among a million, generated
# with COPY (bench/internal/gen): the store's query for each tab and
# filter, then the page over HTTP at 1 and 8 clients, against the target
# of 50 ms server time.
echo "== staff queue load test"
go build -o var/bin/queueload ./bench/queueload
var/bin/queueload -dossiers "${BENCH_QUEUE_DOSSIERS:-1000000}" -unit-dossiers "${BENCH_QUEUE_UNIT_DOSSIERS:-100000}" \
	-clients "${BENCH_QUEUE_CLIENTS:-1,8}" -duration "${BENCH_QUEUE_DURATION:-10s}"
