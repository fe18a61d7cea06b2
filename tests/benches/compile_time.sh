#!/usr/bin/env bash
# Type-check time of a generated crate with 200 handlers, with and without `#[cors]`.
# Both crates share one target directory, so dependencies are built once and only the
# crate itself is checked in the timed runs; the median of RUNS runs is reported.
#
# INSTRUCTIONS=1 also counts the instructions rustc spends checking each crate (valgrind's
# cachegrind, the warm incremental run the timings measure), which, unlike wall time on a
# shared machine, is the same from run to run: use it to compare two versions.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
HANDLERS=${HANDLERS:-200}
RUNS=${RUNS:-9}
# Cargo's target directory, wherever CARGO_TARGET_DIR or a config puts it.
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
work=$target/compile-time
mkdir -p "$work"

generate() { # name, with_cors (0 none, 1 per route, 2 one cors_policy! and module-level #[cors])
  local dir=$work/$1
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
actix-web = { version = "4.18", default-features = false, features = ["macros"] }
cors-runtime = { path = "$root/cors-runtime" }

[workspace]
TOML
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  {
    echo "#![allow(unused_imports, dead_code)]"
    echo "use actix_web::{get, post, web, App, HttpResponse, Responder};"
    echo "use cors_runtime::{cors, cors_policy};"
    if [[ $2 == 2 ]]; then
      echo "cors_policy! {"
      echo "    APP = (origins = [\"https://app.example.com\", \"https://*.example.org\"], credentials, headers = [\"content-type\", \"x-api-key\"], expose = [\"x-request-id\"], max_age = 600);"
      echo "    PUBLIC = (origins = [\"*\"], headers = [\"content-type\"]);"
      echo "}"
      for module in odd even; do
        if [[ $module == odd ]]; then echo "#[cors(APP)]"; else echo "#[cors(PUBLIC)]"; fi
        echo "mod $module {"
        echo "    use actix_web::{get, post, web, HttpResponse, Responder};"
        for i in $(seq "$HANDLERS"); do
          if (( i % 2 )) && [[ $module == odd ]]; then
            echo "    #[get(\"/r$i/{id}\")]"
            echo "    pub(super) async fn h$i(id: web::Path<u32>) -> impl Responder { HttpResponse::Ok().body(format!(\"$i {id}\")) }"
          elif (( i % 2 == 0 )) && [[ $module == even ]]; then
            echo "    #[post(\"/r$i\")]"
            echo "    pub(super) async fn h$i(body: String) -> impl Responder { HttpResponse::Ok().body(body) }"
          fi
        done
        echo "}"
      done
      echo "pub fn app() -> App<impl actix_web::dev::ServiceFactory<actix_web::dev::ServiceRequest, Config = (), Response = actix_web::dev::ServiceResponse, Error = actix_web::Error, InitError = ()>> {"
      echo "    App::new()"
      for i in $(seq "$HANDLERS"); do
        if (( i % 2 )); then echo "        .service(odd::h$i)"; else echo "        .service(even::h$i)"; fi
      done
      echo "}"
      return
    fi
    for i in $(seq "$HANDLERS"); do
      if [[ $2 == 1 ]]; then
        if (( i % 2 )); then
          echo "#[cors(origins = [\"https://app$i.example.com\", \"https://*.example.org\"], credentials, headers = [\"content-type\", \"x-api-key\"], expose = [\"x-request-id\"], max_age = 600)]"
        else
          echo "#[cors(origins = [\"*\"], headers = [\"content-type\"])]"
        fi
      fi
      if (( i % 2 )); then
        echo "#[get(\"/r$i/{id}\")]"
        echo "async fn h$i(id: web::Path<u32>) -> impl Responder { HttpResponse::Ok().body(format!(\"$i {id}\")) }"
      else
        echo "#[post(\"/r$i\")]"
        echo "async fn h$i(body: String) -> impl Responder { HttpResponse::Ok().body(body) }"
      fi
    done
    echo "pub fn app() -> App<impl actix_web::dev::ServiceFactory<actix_web::dev::ServiceRequest, Config = (), Response = actix_web::dev::ServiceResponse, Error = actix_web::Error, InitError = ()>> {"
    echo "    App::new()"
    for i in $(seq "$HANDLERS"); do echo "        .service(h$i)"; done
    echo "}"
  } >"$dir/src/lib.rs"
}

check_seconds() { # dir: one timed `cargo check` of the crate alone
  touch "$1/src/lib.rs"
  local start end
  start=$(date +%s.%N)
  CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$1/Cargo.toml"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

generate without_cors 0
generate with_cors 1
generate with_named 2
# Build the dependencies once, untimed.
CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$work/without_cors/Cargo.toml"
CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$work/with_cors/Cargo.toml"
CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$work/with_named/Cargo.toml"

# Instructions rustc spends on one crate: a RUSTC_WRAPPER runs it under cachegrind.
instructions() { # dir, crate name
  local wrapper=$work/count-rustc.sh
  cat >"$wrapper" <<'SH'
#!/usr/bin/env bash
rustc=$1; shift
case " $* " in
  *" --crate-name $COUNT_CRATE "*)
    exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      --log-file="$COUNT_LOG" "$rustc" "$@" ;;
  *) exec "$rustc" "$@" ;;
esac
SH
  chmod +x "$wrapper"
  local log=$work/$2.count
  # The first run fills the incremental cache for the wrapped compiler; the second counts.
  for _ in 1 2; do
    touch "$1/src/lib.rs"
    COUNT_CRATE=$2 COUNT_LOG=$log RUSTC_WRAPPER=$wrapper CARGO_TARGET_DIR=$work/target \
      cargo check --quiet --manifest-path "$1/Cargo.toml"
  done
  grep -oE 'I +refs: +[0-9,]+' "$log" | tr -dc '0-9'
}

without="" with="" named=""
for _ in $(seq "$RUNS"); do
  without+="$(check_seconds "$work/without_cors") "
  with+="$(check_seconds "$work/with_cors") "
  named+="$(check_seconds "$work/with_named") "
done
without=$(median <<<"$without")
with=$(median <<<"$with")
named=$(median <<<"$named")
echo "| crate ($HANDLERS handlers) | \`cargo check\` (median of $RUNS) |"
echo "|---|---:|"
echo "| without \`#[cors]\` | ${without} s |"
echo "| with \`#[cors]\` | ${with} s |"
awk -v a="$with" -v b="$without" 'BEGIN { printf "| ratio | %.2fx |\n", a / b }'
echo "| with one \`cors_policy!\` and module-level \`#[cors]\` | ${named} s |"
awk -v a="$named" -v b="$without" 'BEGIN { printf "| ratio, named | %.2fx |\n", a / b }'

if [[ ${INSTRUCTIONS:-0} == 1 ]]; then
  command -v valgrind >/dev/null || { echo "INSTRUCTIONS=1 needs valgrind" >&2; exit 1; }
  without=$(instructions "$work/without_cors" without_cors)
  with=$(instructions "$work/with_cors" with_cors)
  named=$(instructions "$work/with_named" with_named)
  echo
  echo "| crate ($HANDLERS handlers) | instructions to check (warm incremental) |"
  echo "|---|---:|"
  echo "| without \`#[cors]\` | ${without} |"
  awk -v a="$with" -v b="$without" 'BEGIN { printf "| with `#[cors]` | %d (%.2fx) |\n", a, a / b }'
  awk -v a="$named" -v b="$without" 'BEGIN { printf "| with one `cors_policy!` and module-level `#[cors]` | %d (%.2fx) |\n", a, a / b }'
fi
