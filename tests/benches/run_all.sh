#!/usr/bin/env bash
# Every measurement in BENCHMARKS.md, in one run (about 7 minutes on 2 cores), written to
# benchmarks.md in Cargo's target directory. Needs valgrind and wrk (apt-get install valgrind wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in valgrind wrk python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install $tool" >&2; exit 1; }
done
# Cargo's target directory, wherever CARGO_TARGET_DIR or a config puts it.
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
out=$target/benchmarks.md
mkdir -p "$target"
cargo bench -p tests --no-run >/dev/null 2>&1 || cargo bench -p tests --no-run
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "rustc: $(rustc --version); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); cores: $(nproc)"
  echo
  echo "## Instructions per request (callgrind)"
  echo
  bash tests/benches/callgrind.sh
  echo
  echo "## Time per request (criterion, ns, mean)"
  echo
  cargo bench -p tests --bench cors >/dev/null 2>&1
  python3 tests/benches/criterion_table.py "$target/criterion"
  echo
  echo "## Heap allocations per request (dhat)"
  echo
  cargo bench -p tests --bench allocs 2>/dev/null | grep '^|'
  echo
  echo "## Throughput (wrk, loopback, server and wrk on separate cores)"
  echo
  bash tests/benches/load/wrk.sh
  echo
  echo "## Compile time (cargo check)"
  echo
  bash tests/benches/compile_time.sh
} | tee "$out"
echo "written to $out" >&2
