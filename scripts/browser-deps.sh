#!/usr/bin/env bash
# browser-deps.sh installs what the browser and HTML-validity tests need:
#   - Debian chromium (plus fonts-dejavu-core) when /usr/bin/chromium is missing;
#   - the npm packages pinned in package-lock.json (axe-core, vnu-jar, and
#     @redocly/cli, which lints the OpenAPI document in web/api's tests).
# It is idempotent and silent when everything is already in place.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --- Chromium -----------------------------------------------------------
pkgs=()
if [ ! -x /usr/bin/chromium ]; then
	pkgs+=(chromium)
fi
if ! dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'ok installed'; then
	pkgs+=(fonts-dejavu-core)
fi
if [ "${#pkgs[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "browser-deps: missing ${pkgs[*]}; run as root:" >&2
		echo "apt-get update && apt-get install -y --no-install-recommends ${pkgs[*]}"
		exit 1
	fi
	echo "browser-deps: installing ${pkgs[*]} (about 90 s)" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# --- npm packages -------------------------------------------------------
# node_modules is stale when the lock file's hash differs from the one
# recorded after the last successful `npm ci`.
stamp=node_modules/.motcua-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
have=""
if [ -f "$stamp" ]; then
	have="$(cat "$stamp")"
fi
if [ "$want" != "$have" ]; then
	command -v npm >/dev/null || {
		echo "browser-deps: npm not found" >&2
		exit 1
	}
	echo "browser-deps: npm ci" >&2
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
	echo "$want" >"$stamp"
fi
