#!/usr/bin/env bash
# What one curated client costs an application from scratch: a clean `cargo
# build` of an application that depends on the Paystack client, and the
# number of crates it pulls in, at two revisions side by side (by default
# ec8740a, the last commit whose runtime used reqwest's default TLS, rustls
# with aws-lc-rs, and its `charset` feature; and HEAD, with rustls on ring):
#
#   bash bench/clean-build.sh [BEFORE [AFTER]]
#
# For each revision `generated/` and `runtime/` are exported from git into
# target/clean-build/<rev>/ and the application is built RUNS times (default
# 2), each time into an empty target directory, with crates.io sources
# already downloaded. Medians in seconds, with the crates the build compiles
# and whether aws-lc-sys is among them; nothing is asserted. Features are the
# client's defaults unless FEATURES is set (for example FEATURES=native-tls
# with --no-default-features implied).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-ec8740a}
after=${2:-HEAD}
runs=${RUNS:-2}
out=$PWD/target/clean-build

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() {
  local rev=$1 dir=$out/$1 features=""
  rm -rf "$dir"; mkdir -p "$dir/tree" "$dir/app/src"
  git archive "$rev" generated runtime | tar -x -C "$dir/tree"
  if [ -n "${FEATURES:-}" ]; then
    features=", default-features = false, features = [\"${FEATURES//,/\", \"}\"]"
  fi
  cat >"$dir/app/Cargo.toml" <<TOML
[package]
name = "app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
paystack-client = { path = "../tree/generated/paystack-client"$features }

[workspace]
TOML
  cat >"$dir/app/src/main.rs" <<'RUST'
fn main() {
    let _ = paystack_client::Client::builder().bearer_auth("key").build();
}
RUST
  (cd "$dir/app" && cargo fetch -q)
  local times=() start end
  for _ in $(seq "$runs"); do
    rm -rf "$dir/target"
    start=$(date +%s.%N)
    (cd "$dir/app" && CARGO_TARGET_DIR=$dir/target cargo build -q --offline)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  local crates aws_lc
  crates=$(cd "$dir/app" && cargo tree -q --offline -e normal,build --prefix none | sed 's/ (\*)$//; s/ (proc-macro)$//' | sort -u | grep -vc '^app ')
  aws_lc=$(cd "$dir/app" && cargo tree -q --offline -e normal,build -i aws-lc-sys >/dev/null 2>&1 && echo yes || echo no)
  printf '%-10s %8s s %6s crates   aws-lc-sys: %s\n' "$rev" "$(printf '%s\n' "${times[@]}" | median)" "$crates" "$aws_lc"
}

echo "clean cargo build of an application using paystack-client (median of $runs), crates compiled (normal and build dependencies)"
measure "$before"
measure "$after"
