#!/usr/bin/env bash
# test.sh: what `make test` runs. From a clean clone it installs what the
# tests need (Chromium, axe-core and the Nu HTML checker via browser-deps.sh;
# poppler-utils and zbar-tools for the PDF tests via pdf-deps.sh),
# starts a private, throwaway-fast PostgreSQL cluster in var/pgtest (never a
# server it did not start itself) and the HTML checker, runs every Go test
# with the race detector, then stops the checker and the cluster.
#
#   scripts/test.sh [go test args...]     default: ./...
#   KEEP_TEST_DB=1 scripts/test.sh        leave var/pgtest running for a faster next run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/browser-deps.sh
scripts/pdf-deps.sh

url="$(PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
	scripts/pg.sh start var/pgtest postgres)"
vnu_url="$(scripts/vnu.sh start)"

cleanup() {
	scripts/vnu.sh stop >/dev/null 2>&1 || true
	if [ -z "${KEEP_TEST_DB:-}" ]; then
		scripts/pg.sh stop var/pgtest >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

if [ -z "$vnu_url" ]; then
	echo "test.sh: no Java found: HTML validity will not be checked" >&2
fi

export MOTCUA_TEST_DATABASE_URL="$url"
export VNU_URL="$vnu_url"
export MOTCUA_REQUIRE_BROWSER=1
export MOTCUA_REQUIRE_PDFTOOLS=1

if [ $# -eq 0 ]; then
	set -- ./...
fi
go test -race -count=1 "$@"
