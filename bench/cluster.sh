#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# One cong node vs two behind nginx, on PostgreSQL, on this machine:
# starts a throw-away PostgreSQL (tests/pg/start.sh), makes the demo site
# in it, then for 1 and 2 nodes starts the nodes and an nginx round-robin
# in front (its own config in a temporary directory), runs wrk for DUR
# seconds per page and prints a small table of req/s and p99 latency.
# Pages: the home page and an article (answered from each node's page
# cache) and a search (a database query each time). On one small machine
# the two nodes share its cores, so the second node shows what the
# nginx hop and the shared database cost, not a doubling; on two
# machines the cached pages scale with the nodes.
#
# Environment: BUILD (build dir, default build/rel), DUR (seconds, 5),
# CONNS (wrk connections, 64). Called by bench/run; runs alone too.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build/rel}
DUR=${DUR:-5}
CONNS=${CONNS:-64}
CONG="$PWD/$BUILD/cong"
[ -x "$CONG" ] || { echo "cluster: build $CONG first" >&2; exit 1; }
for tool in wrk nginx psql; do
	command -v "$tool" >/dev/null || command -v "/usr/sbin/$tool" \
		>/dev/null || scripts/deps.sh
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/cong-cluster-bench-XXXXXX)
pg_dir=$(mktemp -d /tmp/cong-pg-XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	tests/pg/stop.sh "$pg_dir"
	rm -rf "$work"
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg=$(tests/pg/start.sh "$pg_dir" 2>/dev/null)
db=$(tests/pg/newdb.sh "$pg" cong_bench 2>/dev/null)
export CONG_DB=$db CONG_MEDIA=$work/media CONG_TEMPLATES=$PWD/templates \
	CONG_STATIC=$PWD/static CONG_ALLOW_ROOT=1 CONG_ACCESS_LOG=off
mkdir -p "$work/media"
CONG_DATA=$work/init "$CONG" init --site demo/site.ini >/dev/null 2>&1
CONG_DATA=$work/init "$CONG" import --media demo/media demo/articles/* \
	>/dev/null 2>&1
art=$(psql -X -A -t "$db" -c "SELECT slug FROM article WHERE status ="\
" 'published' ORDER BY id LIMIT 1")

start_node() { # name port
	mkdir -p "$work/$1"
	CONG_DATA=$work/$1 CONG_LISTEN=127.0.0.1:$2 "$CONG" serve \
		>"$work/$1.out" 2>"$work/$1.log" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q "serving on" "$work/$1.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "cluster: node $1 did not start" >&2
	tail "$work/$1.log" >&2
	return 1
}

start_nginx() { # port upstream-ports...
	local port=$1 d="$work/nginx-$1" servers=""
	shift
	mkdir -p "$d"
	for p in "$@"; do
		servers="$servers server 127.0.0.1:$p;"
	done
	cat >"$d/nginx.conf" <<NGX
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $d/body;
	proxy_temp_path $d/proxy;
	fastcgi_temp_path $d/fastcgi;
	uwsgi_temp_path $d/uwsgi;
	scgi_temp_path $d/scgi;
	upstream cong { $servers keepalive 64; }
	server {
		listen 127.0.0.1:$port;
		location / {
			proxy_pass http://cong;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$http_host;
		}
	}
}
NGX
	"$NGINX" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
		2>"$d/stderr" &
	pids+=($!)
	for _ in $(seq 100); do
		/usr/bin/python3 -c "import socket,sys; socket.create_connection(
('127.0.0.1', $port), 1)" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "cluster: nginx did not start" >&2
	return 1
}

measure() { # url → "req/s p99_ms non2xx"
	local out rps p99 bad
	out=$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$1")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v*=1000}; print v}')
	bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
	echo "$rps $p99 ${bad:-0}"
}

declare -A res
ports=()
for n in 1 2; do
	while [ ${#ports[@]} -lt "$n" ]; do
		p=$(free_port)
		start_node "node${#ports[@]}" "$p"
		ports+=("$p")
	done
	np=$(free_port)
	start_nginx "$np" "${ports[@]}"
	base="http://127.0.0.1:$np"
	for page in home article search; do
		case $page in
		home) path=/ ;;
		article) path=/tin-tuc/$art ;;
		search) path="/tim-kiem?q=r%E1%BB%ABng" ;;
		esac
		wrk -t1 -c1 -d1s "$base$path" >/dev/null
		res[$page,$n]=$(measure "$base$path")
	done
done

echo "PostgreSQL 15, nginx round-robin, wrk -t2 -c$CONNS -d${DUR}s, $(nproc) cores"
printf '%-8s %12s %9s %12s %9s %7s\n' page "1 node r/s" "p99 ms" \
	"2 nodes r/s" "p99 ms" ratio
for page in home article search; do
	read -r r1 p1 b1 <<<"${res[$page,1]}"
	read -r r2 p2 b2 <<<"${res[$page,2]}"
	printf '%-8s %12.0f %9.2f %12.0f %9.2f %7.2f\n' "$page" "$r1" "$p1" \
		"$r2" "$p2" "$(echo "$r2 / $r1" | bc -l)"
	if [ "$b1" != 0 ] || [ "$b2" != 0 ]; then
		echo "  $page: non-2xx answers: $b1 (1 node), $b2 (2 nodes)"
	fi
done
