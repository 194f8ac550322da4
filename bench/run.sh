#!/usr/bin/env bash
# Capacity benchmarks (bench/README.md): starts build/barertc on 127.0.0.1 with a bench
# settings file, runs barertc_loadgen scenarios against it, and reads the server's CPU time and
# RSS from /proc. Each scenario gets a fresh server so its RSS starts from the same baseline.
#
#   bench/run.sh fanout            one scenario (fanout = 1 and 4 senders)
#   bench/run.sh all               fanout, idle, joinstorm, joinstorm-delta, slowreader
#   bench/run.sh --short soak      soak for 30 s instead of 180 s
#   bench/run.sh idle -- --connections 2000    extra loadgen options after --
#   NICE=-10 bench/run.sh fanout   server and loadgen at that niceness (a shared machine)
#   SERVER_ARGS=--no-io-uring bench/run.sh fanout1   extra server flags (compare write paths)
#   PIN=1 bench/run.sh fanout1     server on CPU 0, loadgen on CPU 1 (taskset)
#
# Scenario names: fanout fanout1 fanout4 idle joinstorm joinstorm-delta slowreader soak all.
# Output: per scenario the loadgen's JSON line, then one JSON line with the /proc figures.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SERVER=$BUILD/barertc
LOADGEN=$BUILD/barertc_loadgen
SHORT=0
SCENARIOS=()
EXTRA=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --short) SHORT=1 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) SCENARIOS+=("$1") ;;
  esac
  shift
done
[[ ${#SCENARIOS[@]} -gt 0 ]] || { sed -n 2,15p "$0"; exit 2; }
for bin in "$SERVER" "$LOADGEN"; do
  [[ -x $bin ]] || { echo "missing $bin: run 'make server' first" >&2; exit 1; }
done

# Thousands of sockets on both sides.
ulimit -n "$(ulimit -Hn)"

WORK=$(mktemp -d /tmp/barertc-bench.XXXXXX)
SERVER_PID=
SAMPLER_PID=
cleanup() {
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Guests allowed (JWT off), one channel, and message flood control raised far above what the
# senders do: the limiter is per user and a bench sender posts hundreds of messages a second.
cat > "$WORK/settings.toml" <<'EOF'
Version = 17
Title = "Bench"

[JWT]
Enabled = false

[[PublicChannels]]
ID = "lobby"
Name = "Lobby"

[Limits]
MessageBurst = 1000000
MessagesPerMinute = 60000000
# Every bench client comes from 127.0.0.1: no per-address cap.
ConnectionsPerAddress = 0

[Bans]
Database = ""
EOF
mkdir -p "$WORK/web"

start_server() {
  : > "$WORK/server.log"
  ${NICE:+nice -n "$NICE"} ${PIN:+taskset -c 0} "$SERVER" --address 127.0.0.1:0 --config "$WORK/settings.toml" --web "$WORK/web" \
    ${SERVER_ARGS:-} >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 200); do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
    [[ -n $PORT ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# utime+stime in seconds, and VmRSS in KiB, of the server.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$SERVER_PID/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

# Peak RSS while the loadgen runs, sampled every 100 ms.
start_sampler() {
  echo 0 > "$WORK/peak"
  ( peak=0
    while kill -0 "$SERVER_PID" 2>/dev/null; do
      r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      if [[ ${r:-0} -gt $peak ]]; then peak=$r; echo "$peak" > "$WORK/peak"; fi
      sleep 0.1
    done ) &
  SAMPLER_PID=$!
}
stop_sampler() { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=; }

run_one() {
  local name=$1; shift
  start_server
  local cpu0 rss0
  cpu0=$(cpu_s); rss0=$(rss_kib)
  start_sampler
  echo "== $name (server pid $SERVER_PID, port $PORT)" >&2
  local line
  line=$(${NICE:+nice -n "$NICE"} ${PIN:+taskset -c 1} "$LOADGEN" "$@" --port "$PORT" --server-pid "$SERVER_PID" "${EXTRA[@]}")
  local cpu1 rss1
  cpu1=$(cpu_s); rss1=$(rss_kib)
  stop_sampler
  local peak; peak=$(cat "$WORK/peak")
  local dropped; dropped=$(grep -c "too slow to keep up" "$WORK/server.log" || true)
  stop_server
  LINE=$line NAME=$name CPU0=$cpu0 CPU1=$cpu1 RSS0=$rss0 RSS1=$rss1 PEAK=$peak DROPPED=$dropped \
  python3 - <<'EOF'
import json, os
r = json.loads(os.environ["LINE"])
def tidy(v):  # Boost.JSON prints 1E2; print plain numbers, rounded
    if isinstance(v, float): return round(v, 3)
    if isinstance(v, dict): return {k: tidy(x) for k, x in v.items()}
    if isinstance(v, list): return [tidy(x) for x in v]
    return v
print(json.dumps(tidy(r)))
cpu = float(os.environ["CPU1"]) - float(os.environ["CPU0"])
rss0, rss1, peak = (int(os.environ[k]) for k in ("RSS0", "RSS1", "PEAK"))
out = {"run": os.environ["NAME"], "server_cpu_s_whole_run": round(cpu, 2),
       "server_rss_kib": {"start": rss0, "end": rss1, "peak": peak},
       "server_log_slow_drops": int(os.environ["DROPPED"] or 0)}
d = r.get("deliveries")
if d:
    # The loadgen's own figure counts only the sending phase; this one the whole run.
    out["server_cpu_s_per_million_deliveries"] = tidy(r.get("server_cpu_s_per_million"))
    out["server_cpu_s_per_million_whole_run"] = round(cpu * 1e6 / d, 2)
n = r.get("logged_in") or 0
if r.get("scenario") in ("idle", "soak") and n:
    out["server_rss_kib_per_connection_peak"] = round((peak - rss0) / n, 2)
print(json.dumps(out))
EOF
}

soak_seconds=180
[[ $SHORT == 1 ]] && soak_seconds=30

for s in "${SCENARIOS[@]}"; do
  case $s in
    all) set -- fanout1 fanout4 idle joinstorm joinstorm-delta slowreader ;;
    fanout) set -- fanout1 fanout4 ;;
    *) set -- "$s" ;;
  esac
  for one in "$@"; do
    case $one in
      fanout1) run_one fanout1 fanout --senders 1 --receivers 1000 --rate 100 --duration 10 ;;
      fanout4) run_one fanout4 fanout --senders 4 --receivers 1000 --rate 25 --duration 10 ;;
      idle) run_one idle idle --connections 10000 --hold 5 ;;
      joinstorm) run_one joinstorm joinstorm --users 2000 --timeout 50 ;;
      joinstorm-delta) run_one joinstorm-delta joinstorm --users 2000 --who-delta --timeout 50 ;;
      slowreader) run_one slowreader slowreader --receivers 100 --rate 400 --message-bytes 3900 --duration 15 ;;
      soak) run_one soak soak --connections 2000 --senders 10 --rate 2 --churn 2 \
              --duration "$soak_seconds" --sample-every $(( soak_seconds / 18 )) ;;
      *) echo "unknown scenario $one" >&2; exit 2 ;;
    esac
  done
done
