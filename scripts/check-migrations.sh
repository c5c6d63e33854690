#!/usr/bin/env bash
# check-migrations.sh: checks the numbered goose migrations in migrations/
# (or $MIGRATIONS_DIR). Every *.sql file must
#   - be named NNNNN_name.sql (five digits, lower-case snake case),
#   - have a number no other file has,
#   - continue the sequence 00001, 00002, ... without a gap,
#   - contain a "-- +goose Up" line.
# Exits 1 with one line per problem; silent apart from a summary on success.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${MIGRATIONS_DIR:-$root/migrations}"

if [[ ! -d "$dir" ]]; then
	echo "check-migrations: directory not found: $dir" >&2
	exit 1
fi

problems=()
declare -A owner=() # number -> first file name with it
numbers=()

shopt -s nullglob
files=("$dir"/*.sql)
shopt -u nullglob

for path in "${files[@]}"; do
	name="${path##*/}"
	if [[ ! "$name" =~ ^[0-9]{5}_[a-z0-9_]+\.sql$ ]]; then
		problems+=("bad migration file name: $name (want NNNNN_name.sql, e.g. 00007_dossier_index.sql)")
		continue
	fi
	num="${name:0:5}"
	if [[ -n "${owner[$num]:-}" ]]; then
		problems+=("duplicate migration number $num: ${owner[$num]} and $name")
	else
		owner[$num]="$name"
		numbers+=("$num")
	fi
done

# One grep for all files: -L lists those with no "-- +goose Up" line.
if ((${#files[@]} > 0)); then
	while IFS= read -r path; do
		[[ -n "$path" ]] && problems+=("migration ${path##*/} has no '-- +goose Up' line")
	done < <(grep -LE '^--[[:space:]]*\+goose[[:space:]]+Up[[:space:]]*$' "${files[@]}" || true)
fi

# Numbers must run 00001..N with no gap (goose, by default, refuses a
# late-filled gap on a database that is already past it).
if ((${#numbers[@]} > 0)); then
	max=0
	for num in "${numbers[@]}"; do
		n=$((10#$num))
		if ((n == 0)); then
			problems+=("migration number 00000 (${owner[$num]}): numbers start at 00001")
		fi
		if ((n > max)); then
			max=$n
		fi
	done
	for ((i = 1; i <= max; i++)); do
		printf -v want '%05d' "$i"
		if [[ -z "${owner[$want]:-}" ]]; then
			problems+=("missing migration number $want")
		fi
	done
fi

if ((${#problems[@]} > 0)); then
	echo "check-migrations: ${#problems[@]} problem(s) in $dir:" >&2
	printf '  %s\n' "${problems[@]}" >&2
	exit 1
fi

echo "check-migrations: ${#files[@]} migration(s) OK"
