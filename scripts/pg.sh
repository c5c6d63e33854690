#!/usr/bin/env bash
# Manage a private PostgreSQL cluster living in one directory.
#
#   scripts/pg.sh start DIR [DBNAME]   start (initdb first if needed), print DATABASE_URL
#   scripts/pg.sh stop DIR             fast clean shutdown; no error if not running
#   scripts/pg.sh url DIR [DBNAME]     print DATABASE_URL if running, else exit 1
#
# The only line on stdout is the URL; everything else goes to stderr.
# Next to DIR it keeps DIR.log (server log), DIR.lock (serialises pg.sh calls)
# and, when DIR/../sock would make the socket path too long, DIR.sockdir
# naming a short socket directory under /tmp.
#
# PG_EXTRA_OPTS is appended to the server options at start. Tests use it for
# speed (-c fsync=off -c synchronous_commit=off -c full_page_writes=off);
# `make run` leaves it empty so the development data stays durable.
set -euo pipefail

readonly PG_USER_SUPER=postgres # database superuser name, not the OS user
readonly OS_USER_ROOTMODE=postgres

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

usage() {
	cat >&2 <<'EOF'
usage: scripts/pg.sh start DIR [DBNAME]
       scripts/pg.sh stop DIR
       scripts/pg.sh url DIR [DBNAME]
EOF
	exit 2
}

# find_bindir sets BINDIR to the newest /usr/lib/postgresql/<ver>/bin that
# holds pg_ctl and initdb; empty when there is none.
find_bindir() {
	BINDIR=""
	local d
	while IFS= read -r d; do
		if [[ -x $d/pg_ctl && -x $d/initdb && -x $d/postgres ]]; then
			BINDIR=$d
		fi
	done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V)
}

ensure_server() {
	find_bindir
	[[ -n $BINDIR ]] && return 0
	if [[ $(id -u) -ne 0 ]]; then
		log "no PostgreSQL server found under /usr/lib/postgresql; install it with:"
		echo "sudo apt-get install -y postgresql" >&2
		exit 1
	fi
	log "no PostgreSQL server found; installing Debian's postgresql package"
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
	find_bindir
	[[ -n $BINDIR ]] || die "postgresql installed but no server bin dir found"
}

# as_owner runs a command as the OS user owning the cluster: the current user,
# or (as root, since initdb and postgres refuse root) the cluster's owner.
as_owner() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u "$OWNER" -- "$@"
	else
		"$@"
	fi
}

# check_name refuses database names that would need quoting.
check_name() {
	[[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "invalid database name: $1"
}

# set_paths resolves DIR to an absolute path and derives the files next to it.
set_paths() {
	local dir=$1
	[[ -n $dir ]] || usage
	[[ $dir == /* ]] || dir="$PWD/$dir"
	# Normalise without requiring DIR to exist yet.
	local parent name
	parent=$(dirname -- "$dir")
	name=$(basename -- "$dir")
	if [[ ${2:-} == create ]]; then
		mkdir -p -- "$parent"
	elif [[ ! -d $parent ]]; then
		return 1
	fi
	parent=$(cd -- "$parent" && pwd -P)
	DIR="$parent/$name"
	PARENT=$parent
	NAME=$name
	LOGFILE="$PARENT/$NAME.log"
	LOCKFILE="$PARENT/$NAME.lock"
	SOCKFILE="$PARENT/$NAME.sockdir"
}

# set_owner decides which OS user runs the server.
set_owner() {
	if [[ $(id -u) -ne 0 ]]; then
		OWNER=$(id -un)
	elif [[ -e $DIR/PG_VERSION ]]; then
		OWNER=$(stat -c %U -- "$DIR")
		[[ $OWNER != root ]] || die "$DIR is owned by root; postgres cannot run it"
	else
		OWNER=$OS_USER_ROOTMODE
		id -u "$OWNER" >/dev/null 2>&1 || die "OS user $OWNER does not exist (it comes with Debian's postgresql package)"
	fi
}

# make_traversable lets OWNER reach path: every ancestor directory needs x.
make_traversable() {
	[[ $(id -u) -eq 0 ]] || return 0
	local p=$1
	while [[ $p != / ]]; do
		if ! runuser -u "$OWNER" -- test -x "$p"; then
			log "granting o+x on $p so $OWNER can reach the cluster"
			chmod o+x -- "$p"
		fi
		p=$(dirname -- "$p")
	done
}

# owned_dir creates a directory owned by OWNER (when root) with mode $2.
owned_dir() {
	mkdir -p -- "$1"
	if [[ $(id -u) -eq 0 ]]; then
		chown "$OWNER": -- "$1"
	fi
	chmod "$2" -- "$1"
}

# set_sockdir picks a socket directory short enough for the 107-byte limit of
# unix socket paths (the server appends /.s.PGSQL.NNNNN.lock).
set_sockdir() {
	local s="$PARENT/sock"
	if ((${#s} + 22 > 107)); then
		s=""
		if [[ -f $SOCKFILE ]]; then
			s=$(<"$SOCKFILE")
			[[ -d $s ]] || s=""
		fi
		if [[ -z $s ]]; then
			s=$(mktemp -d /tmp/pgsock.XXXXXX)
			printf '%s\n' "$s" >"$SOCKFILE"
		fi
	fi
	owned_dir "$s" 755
	SOCKDIR=$s
}

is_running() {
	[[ -f $DIR/PG_VERSION ]] || return 1
	as_owner "$BINDIR/pg_ctl" status -D "$DIR" >/dev/null 2>&1
}

running_port() {
	local port
	port=$(sed -n 4p -- "$DIR/postmaster.pid" 2>/dev/null || true)
	[[ $port =~ ^[0-9]+$ ]] || return 1
	printf '%s' "$port"
}

url_for() { printf 'postgres://%s@127.0.0.1:%s/%s?sslmode=disable\n' "$PG_USER_SUPER" "$1" "$2"; }

# port_in_use reports whether something accepts TCP connections on port.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
		[[ $p -ne 5432 ]] || continue
		if ! port_in_use "$p"; then
			printf '%s' "$p"
			return 0
		fi
	done
	die "no free TCP port found in 20000-60000"
}

psql_admin() {
	local port=$1
	shift
	env -u PGSERVICE -u PGOPTIONS -u PGSSLMODE -u PGPASSWORD PGCONNECT_TIMEOUT=10 \
		"$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$PG_USER_SUPER" -d postgres "$@"
}

ensure_database() {
	local port=$1 db=$2 exists
	exists=$(psql_admin "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
	[[ $exists == 1 ]] && return 0
	log "creating database $db"
	if ! psql_admin "$port" -c "CREATE DATABASE \"$db\"" >&2; then
		# A concurrent caller may have created it in between.
		exists=$(psql_admin "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
		[[ $exists == 1 ]] || die "could not create database $db"
	fi
}

lock_dir() {
	# fd 9 must not leak into the server, or the lock would live as long as it.
	exec 9>>"$LOCKFILE"
	flock -w 120 9 || die "timed out waiting for $LOCKFILE"
}

cmd_start() {
	local db=${2:-motcua}
	check_name "$db"
	set_paths "$1" create
	ensure_server
	lock_dir
	set_owner
	cd /

	if is_running; then
		local port
		port=$(running_port) || die "cluster in $DIR runs but postmaster.pid has no port"
		log "reusing running cluster in $DIR on port $port"
		ensure_database "$port" "$db"
		url_for "$port" "$db"
		return 0
	fi

	make_traversable "$PARENT"
	if [[ ! -f $DIR/PG_VERSION ]]; then
		owned_dir "$DIR" 700
		log "initialising cluster in $DIR ($BINDIR)"
		as_owner "$BINDIR/initdb" -N -E UTF8 --locale=C.UTF-8 -U "$PG_USER_SUPER" --auth=trust -D "$DIR" >&2
	fi
	set_sockdir
	touch -- "$LOGFILE"
	if [[ $(id -u) -eq 0 ]]; then
		chown "$OWNER": -- "$LOGFILE"
	fi

	local port _
	for _ in 1 2 3 4 5; do
		port=$(pick_port)
		log "starting cluster in $DIR on 127.0.0.1:$port (log: $LOGFILE)"
		if as_owner "$BINDIR/pg_ctl" start -D "$DIR" -l "$LOGFILE" -w -t 60 \
			-o "-p $port -k '$SOCKDIR' -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" 9>&- >&2; then
			ensure_database "$port" "$db"
			url_for "$port" "$db"
			return 0
		fi
		# Lost a race for the port, or a real failure: show why and retry.
		tail -n 5 -- "$LOGFILE" >&2 || true
		if is_running; then
			die "pg_ctl failed but the server runs; see $LOGFILE"
		fi
	done
	die "could not start PostgreSQL in $DIR; see $LOGFILE"
}

cmd_stop() {
	set_paths "$1" || return 0
	[[ -f $DIR/PG_VERSION ]] || return 0
	find_bindir
	[[ -n $BINDIR ]] || return 0
	lock_dir
	set_owner
	cd /
	if is_running; then
		log "stopping cluster in $DIR"
		as_owner "$BINDIR/pg_ctl" stop -D "$DIR" -m fast -w -t 60 >&2
	fi
}

cmd_url() {
	local db=${2:-motcua}
	check_name "$db"
	set_paths "$1" || exit 1
	find_bindir
	[[ -n $BINDIR ]] || exit 1
	[[ -f $DIR/PG_VERSION ]] || exit 1
	set_owner
	cd /
	is_running || exit 1
	local port
	port=$(running_port) || exit 1
	url_for "$port" "$db"
}

main() {
	[[ $# -ge 2 ]] || usage
	local cmd=$1
	shift
	case $cmd in
	start) [[ $# -le 2 ]] || usage; cmd_start "$@" ;;
	stop) [[ $# -eq 1 ]] || usage; cmd_stop "$@" ;;
	url) [[ $# -le 2 ]] || usage; cmd_url "$@" ;;
	*) usage ;;
	esac
}

main "$@"
