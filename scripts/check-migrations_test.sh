#!/usr/bin/env bash
# Tests for check-migrations.sh: builds throw-away migration folders and
# asserts the exit code and the message for each case. Run directly or via
# scripts/lint.sh. Prints "N passed, N failed" and exits 1 on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check="$here/check-migrations.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

# mig DIR NAME [BODY]: writes a migration file; BODY defaults to a valid one.
mig() {
	mkdir -p "$1"
	printf '%s\n' "${3:--- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;}" >"$1/$2"
}

# expect NAME WANT_EXIT WANT_TEXT DIR: runs the check on DIR and compares.
expect() {
	local name="$1" want="$2" text="$3" dir="$4" out rc=0
	out="$(MIGRATIONS_DIR="$dir" "$check" 2>&1)" || rc=$?
	if [[ "$rc" != "$want" ]]; then
		echo "FAIL $name: exit $rc, want $want; output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
		return
	fi
	if [[ -n "$text" && "$out" != *"$text"* ]]; then
		echo "FAIL $name: output lacks \"$text\"; output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
		return
	fi
	echo "ok   $name"
	passed=$((passed + 1))
}

d="$tmp/good"
mig "$d" 00001_units.sql
mig "$d" 00002_users.sql
mig "$d" 00003_sessions.sql
printf 'package migrations\n' >"$d/embed.go" # non-SQL files are ignored
expect good 0 "3 migration(s) OK" "$d"

d="$tmp/empty"
mkdir -p "$d"
expect empty 0 "0 migration(s) OK" "$d"

d="$tmp/dup"
mig "$d" 00001_units.sql
mig "$d" 00002_users.sql
mig "$d" 00002_sessions.sql
expect duplicate 1 "duplicate migration number 00002" "$d"

d="$tmp/missing"
mig "$d" 00001_units.sql
mig "$d" 00002_users.sql
mig "$d" 00004_audit.sql
expect missing 1 "missing migration number 00003" "$d"

d="$tmp/notfromone"
mig "$d" 00002_users.sql
expect not-from-one 1 "missing migration number 00001" "$d"

d="$tmp/zero"
mig "$d" 00000_init.sql
mig "$d" 00001_units.sql
expect zero 1 "numbers start at 00001" "$d"

d="$tmp/badname"
mig "$d" 00001_units.sql
mig "$d" 0002_users.sql
expect four-digits 1 "bad migration file name: 0002_users.sql" "$d"

d="$tmp/upper"
mig "$d" 00001_Units.sql
expect upper-case 1 "bad migration file name: 00001_Units.sql" "$d"

d="$tmp/dash"
mig "$d" 00001_add-units.sql
expect dash 1 "bad migration file name: 00001_add-units.sql" "$d"

d="$tmp/noup"
mig "$d" 00001_units.sql
mig "$d" 00002_users.sql "CREATE TABLE users (id bigint);"
expect no-goose-up 1 "00002_users.sql has no '-- +goose Up' line" "$d"

d="$tmp/upcomment"
mig "$d" 00001_units.sql "-- remember to add -- +goose Up
CREATE TABLE units (id bigint);"
expect goose-up-not-a-line 1 "has no '-- +goose Up' line" "$d"

expect no-dir 1 "directory not found" "$tmp/does-not-exist"

echo "$passed passed, $failed failed"
((failed == 0))
