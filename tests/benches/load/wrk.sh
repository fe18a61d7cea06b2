#!/usr/bin/env bash
# Requests/s under wrk over loopback: the benchmark server on core 0, wrk on core 1.
# Each run is bounded (DURATION seconds); runs alternate between variants and the median of
# ROUNDS is reported, so that drift on a shared machine hits every variant alike.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
here=tests/benches/load

command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
server=$(cargo bench -p tests --bench server --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -n 1)
[[ -x $server ]] || { echo "server binary not found" >&2; exit 1; }

pin() { # core, command...: pins where the machine has two cores or more
  local core=$1; shift
  if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then exec taskset -c "$core" "$@"; else exec "$@"; fi
}

next_port=$(( 20000 + RANDOM % 20000 ))
rps() { # variant lua port: one bounded wrk run, prints requests/s
  local pid out ready=0
  (pin 0 "$server" "$1" "$3") >/dev/null 2>&1 &
  pid=$!
  # Wait until the server accepts connections (at most 10 s), not a fixed sleep.
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null; then ready=1; break; fi
    sleep 0.1
  done
  if [[ $ready != 1 ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "server $1 did not start on port $3" >&2; exit 1
  fi
  out=$(pin 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$here/$2" "http://127.0.0.1:$3/bench")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$out"
}

run() { # variant lua: appends one measurement to runs[<lua>-<variant>]
  local result
  result=$(rps "$1" "$2" "$next_port")
  next_port=$((next_port + 1))
  runs[${2%.lua}-$1]+="$result "
}

declare -A runs
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for _ in $(seq "$ROUNDS"); do
  for v in plain ours plain-resource actix-cors floor; do run "$v" get.lua; done
  for v in ours actix-cors floor; do run "$v" preflight.lua; done
done
for key in "${!runs[@]}"; do runs[$key]=$(median <<<"${runs[$key]}"); done

echo "| workload | requests/s | vs its plain baseline |"
echo "|---|---:|---:|"
row() { # label, variant key, baseline key
  awk -v label="$1" -v v="${runs[$2]}" -v b="${runs[$3]:-0}" 'BEGIN {
    if (b > 0) printf "| %s | %d | %.3f |\n", label, v, v / b; else printf "| %s | %d | n/a |\n", label, v }'
}
row "allowed credentialed GET, plain" get-plain get-plain
row "allowed credentialed GET, \`#[cors]\`" get-ours get-plain
row "allowed credentialed GET, plain resource" get-plain-resource get-plain-resource
row "allowed credentialed GET, actix-cors" get-actix-cors get-plain-resource
row "allowed credentialed GET, floor (hand-written headers)" get-floor get-plain-resource
row "preflight, \`#[cors]\`" preflight-ours none
row "preflight, actix-cors" preflight-actix-cors none
row "preflight, floor (hand-written answer)" preflight-floor none
