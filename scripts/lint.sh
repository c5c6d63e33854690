#!/usr/bin/env bash
# lint.sh: every static check, in order, stopping at the first that fails.
# `make lint` runs it, and so does CI (through .ci/run). Run from anywhere.
#
#   1. migrations: names, numbering and goose annotations (check-migrations.sh,
#      plus its own tests)
#   2. gofmt -l on every tracked and untracked Go file except *_templ.go
#   3. generated templ code is fresh (regenerates, then compares checksums)
#   4. go vet ./...
#   5. staticcheck ./...
#   6. golangci-lint run ./... with .golangci.yml (depguard design rules,
#      gosec, errorlint, revive, ...)
#
# The linters are pinned in tools/go.mod and built by `go tool` on first use:
# that first build takes several minutes; later runs reuse the build cache.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools=(go tool -modfile=tools/go.mod)
start_all=$SECONDS

step() {
	step_name="$1"
	step_start=$SECONDS
	printf '==> %s\n' "$step_name"
}

done_step() {
	printf '    ok (%ds)\n' "$((SECONDS - step_start))"
}

fail() {
	printf '\nlint: %s failed:\n' "$step_name" >&2
	printf '%s\n' "$@" >&2
	exit 1
}

# Go files the repository has or is about to have: tracked plus untracked
# (minus .gitignore'd), NUL-separated. Outside a git checkout, every *.go.
go_files() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard -- '*.go'
	else
		find . -name '*.go' -not -path './.git/*' -print0
	fi
}

# --- 1 ---------------------------------------------------------------------
step "migrations"
if ! out="$(scripts/check-migrations.sh 2>&1)"; then
	fail "$out"
fi
if ! tout="$(scripts/check-migrations_test.sh 2>&1)"; then
	fail "scripts/check-migrations_test.sh (the checker's own tests):" "$tout"
fi
done_step

# --- 2 ---------------------------------------------------------------------
step "gofmt"
files=()
while IFS= read -r -d '' f; do
	# Skip generated templ output (templ formats it) and files deleted from
	# the work tree but still in the index.
	[[ "$f" == *_templ.go || ! -f "$f" ]] && continue
	files+=("$f")
done < <(go_files)
if ((${#files[@]} > 0)); then
	unformatted="$(gofmt -l "${files[@]}")"
	if [[ -n "$unformatted" ]]; then
		fail "these files are not gofmt-formatted (run: gofmt -w FILE):" "$unformatted"
	fi
fi
done_step

# --- 3 ---------------------------------------------------------------------
step "templ generate"
# Checksums of every generated file, with its name, so that a changed, new
# or removed _templ.go all show up (templ generate also deletes the output of
# a .templ that no longer exists). Works on uncommitted files too, unlike
# git status.
templ_sums() {
	find templates -name '*_templ.go' -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha256sum
}
before="$(templ_sums)"
if ! gen="$(go tool templ generate -path templates 2>&1)"; then
	fail "go tool templ generate -path templates:" "$gen"
fi
after="$(templ_sums)"
if [[ "$before" != "$after" ]]; then
	# shellcheck disable=SC2016 # the backquotes are literal text
	fail 'generated templ code is stale: run `go tool templ generate`' \
		"(lint.sh has now regenerated it in the tree; review and commit the result)" \
		"$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep '^[<>]' || true)"
fi
done_step

# --- 4 ---------------------------------------------------------------------
step "go vet"
if ! out="$(go vet ./... 2>&1)"; then
	fail "$out"
fi
done_step

# --- 5 ---------------------------------------------------------------------
step "staticcheck"
if ! out="$("${tools[@]}" staticcheck ./... 2>&1)"; then
	fail "$out"
fi
done_step

# --- 6 ---------------------------------------------------------------------
step "golangci-lint"
if ! out="$("${tools[@]}" golangci-lint run --config .golangci.yml ./... 2>&1)"; then
	fail "$out"
fi
done_step

printf 'lint: all checks passed (%ds)\n' "$((SECONDS - start_all))"
