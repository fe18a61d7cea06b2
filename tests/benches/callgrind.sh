#!/usr/bin/env bash
# Instructions per request under callgrind: each workload runs N1 and N2 requests, and
# (Ir(N2) - Ir(N1)) / (N2 - N1) is the cost of one request with start-up cancelled out.
# Prints Markdown tables. Deterministic: the same binary gives the same counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
N1=${N1:-200}
N2=${N2:-600}
kernel=$(cargo bench -p tests --bench kernel --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -n 1)
[[ -x $kernel ]] || { echo "kernel binary not found" >&2; exit 1; }

instructions() { # args: kernel arguments; prints total instructions
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$kernel" "$@" >/dev/null 2>&1
  awk '/^summary:/ { print $2 }' "$out"
  rm -f "$out"
}

per_request() { # args: kernel arguments without N
  local a b
  a=$(instructions "$@" "$N1")
  b=$(instructions "$@" "$N2")
  echo $(( (b - a) / (N2 - N1) ))
}

# `#[cors]` per request, measured once: three tables compare against it.
declare -A ours
for kind in get-no-origin get-allowed preflight get-disallowed; do
  ours[$kind]=$(per_request ours "$kind")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "| request kind | plain | \`#[cors]\` | \`#[cors]\` extra | plain resource | actix-cors | actix-cors extra | floor | floor extra | \`#[cors]\` − floor | extra ratio \`#[cors]\` / actix-cors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for kind in get-no-origin get-allowed preflight get-disallowed; do
  p=$(per_request plain "$kind")
  o=${ours[$kind]}
  r=$(per_request plain-resource "$kind")
  c=$(per_request actix-cors "$kind")
  f=$(per_request floor "$kind")
  printf '| %s | %d | %d | %+d | %d | %d | %+d | %d | %+d | %+d | %s |\n' "$kind" "$p" "$o" $((o - p)) "$r" "$c" $((c - r)) "$f" $((f - r)) $((o - f)) "$(ratio $((o - p)) $((c - r)))"
done

echo
echo "| allowed origins | \`#[cors]\` instructions/request | actix-cors instructions/request |"
echo "|---:|---:|---:|"
for n in 1 10 100; do
  printf '| %d | %d | %d |\n' "$n" "$(per_request ours-origins "$n")" "$(per_request actix-cors-origins "$n")"
done

echo
echo "| request kind | \`#[cors]\` | \`#[cors(NAME)]\` | named − \`#[cors]\` | plain resource | \`Cors::from(NAME)\` | \`Cors::from\` extra | actix-cors extra |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for kind in get-no-origin get-allowed preflight get-disallowed; do
  o=${ours[$kind]}
  n=$(per_request named "$kind")
  r=$(per_request plain-resource "$kind")
  m=$(per_request middleware "$kind")
  c=$(per_request actix-cors "$kind")
  printf '| %s | %d | %d | %+d | %d | %d | %+d | %+d |\n' "$kind" "$o" "$n" $((n - o)) "$r" "$m" $((m - r)) $((c - r))
done

echo
echo "| request kind | \`#[cors]\` literal | \`env(\"VAR\")\` | env − literal | \`origin_fn\` | origin_fn − literal |"
echo "|---|---:|---:|---:|---:|---:|"
for kind in get-no-origin get-allowed preflight get-disallowed; do
  o=${ours[$kind]}
  e=$(per_request env "$kind")
  f=$(per_request origin-fn "$kind")
  printf '| %s | %d | %d | %+d | %d | %+d |\n' "$kind" "$o" "$e" $((e - o)) "$f" $((f - o))
done

echo
echo "| refused preflight | plain resource | \`#[cors]\` | \`#[cors(NAME)]\` | \`Cors::from(NAME)\` | \`env(\"VAR\")\` | \`origin_fn\` | actix-cors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for kind in preflight-header preflight-method preflight-stranger; do
  printf '| %s | %d | %d | %d | %d | %d | %d | %d |\n' "$kind" \
    "$(per_request plain-resource "$kind")" "$(per_request ours "$kind")" \
    "$(per_request named "$kind")" "$(per_request middleware "$kind")" \
    "$(per_request env "$kind")" "$(per_request origin-fn "$kind")" \
    "$(per_request actix-cors "$kind")"
done

echo
echo "| forged request (refused by this crate) | plain resource | \`#[cors]\` | \`#[cors(NAME)]\` | \`Cors::from(NAME)\` | \`env(\"VAR\")\` | \`origin_fn\` | actix-cors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for kind in handshake-forged handshake-cross-site; do
  printf '| %s | %d | %d | %d | %d | %d | %d | %d |\n' "$kind" \
    "$(per_request plain-resource "$kind")" "$(per_request ours "$kind")" \
    "$(per_request named "$kind")" "$(per_request middleware "$kind")" \
    "$(per_request env "$kind")" "$(per_request origin-fn "$kind")" \
    "$(per_request actix-cors "$kind")"
done

echo
echo "| request kind | \`#[cors]\` exact | \`:*\` entry | \`:*\` − exact | \`origin_fn\` (\`&str\`) | \`origin_fn\` (\`&Origin\`) |"
echo "|---|---:|---:|---:|---:|---:|"
for kind in get-no-origin get-allowed preflight get-disallowed; do
  o=${ours[$kind]}
  a=$(per_request any-port "$kind")
  printf '| %s | %d | %d | %+d | %d | %d |\n' "$kind" "$o" "$a" $((a - o)) "$(per_request origin-fn "$kind")" "$(per_request origin-fn-parsed "$kind")"
done
