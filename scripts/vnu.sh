#!/usr/bin/env bash
# vnu.sh start|stop runs the Nu HTML checker (node_modules/vnu-jar) as a
# local HTTP server on a free 127.0.0.1 port.
#
#   start  prints the server URL (http://127.0.0.1:PORT/) on stdout once it
#          answers; state lives in var/vnu/{pid,url,vnu.log}. If a server
#          started earlier is still alive, its URL is printed again. If java
#          is missing, prints nothing and exits 0 (the Go side then logs that
#          HTML validity is not checked).
#   stop   kills the server started by `start` (no-op if none).
#
# Typical use:  export VNU_URL="$(scripts/vnu.sh start)"; ...; scripts/vnu.sh stop
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/var/vnu"
jar="$root/node_modules/vnu-jar/build/dist/vnu.jar"
pidfile="$state/pid"
urlfile="$state/url"
logfile="$state/vnu.log"

# alive reports whether the recorded pid is still our checker (and not a
# process that reused the pid).
alive() {
	local pid
	[ -f "$pidfile" ] || return 1
	pid="$(cat "$pidfile")"
	kill -0 "$pid" 2>/dev/null &&
		grep -q 'nu.validator.servlet.Main' "/proc/$pid/cmdline" 2>/dev/null
}

# free_port asks the kernel for an unused loopback port.
free_port() {
	if command -v node >/dev/null; then
		node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
		return
	fi
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "vnu.sh: no free port found" >&2
	return 1
}

start() {
	command -v java >/dev/null || exit 0
	if alive && [ -f "$urlfile" ]; then
		cat "$urlfile"
		return
	fi
	if [ ! -f "$jar" ]; then
		echo "vnu.sh: $jar missing; run scripts/browser-deps.sh" >&2
		exit 1
	fi
	mkdir -p "$state"
	rm -f "$pidfile" "$urlfile"
	local port url pid
	port="$(free_port)"
	url="http://127.0.0.1:$port/"
	# setsid detaches the server from the caller's process group so that
	# the caller's shell exiting does not take it down; `stop` ends it.
	setsid java -Xss1m -Dnu.validator.servlet.bind-address=127.0.0.1 \
		-cp "$jar" nu.validator.servlet.Main "$port" \
		</dev/null >"$logfile" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	# Wait up to 120 s for the first answer (a loaded machine is slow).
	for _ in $(seq 1200); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "vnu.sh: checker exited during startup; see $logfile" >&2
			rm -f "$pidfile"
			exit 1
		fi
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
			# Warm the checker up: its first document is slow (seconds).
			curl -fsS -o /dev/null --max-time 60 -H 'Content-Type: text/html; charset=utf-8' \
				--data-binary '<!DOCTYPE html><html lang="en"><title>warm-up</title><p>x</p></html>' \
				"${url}?out=json" 2>/dev/null || true
			echo "$url" >"$urlfile"
			echo "$url"
			return
		fi
		sleep 0.1
	done
	echo "vnu.sh: checker did not answer on $url within 120 s; see $logfile" >&2
	kill "$pid" 2>/dev/null || true
	rm -f "$pidfile"
	exit 1
}

stop() {
	if alive; then
		local pid
		pid="$(cat "$pidfile")"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile" "$urlfile"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
