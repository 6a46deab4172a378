#!/usr/bin/env bash
# What an application that uses all four curated clients pays in `cargo check`,
# at two revisions side by side (by default the last commit before the shared
# runtime, 0bb37f1, where every client carried its own copy, and HEAD):
#
#   bash bench/app-check.sh [BEFORE [AFTER]]
#
# For each revision: `generated/` and `runtime/` are exported from git into
# target/app-check/<rev>/, an application depending on the four clients is
# checked once (so every dependency is built: the check is warm), then timed
# RUNS times each: with the clients' and the runtime's check results removed
# (`cargo clean -p`: the crates from this repository checked from scratch,
# crates.io dependencies warm), after touching the clients' sources (what
# regenerating them costs), and after touching only the application. Medians
# in seconds; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:-0bb37f1}
after=${2:-HEAD}
runs=${RUNS:-5}
out=$PWD/target/app-check

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

timed_check() {
  local app=$1 target=$2 start end
  start=$(date +%s.%N)
  (cd "$app" && CARGO_TARGET_DIR=$target cargo check -q)
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

measure() {
  local rev=$1 dir=$out/$1
  rm -rf "$dir"; mkdir -p "$dir/tree" "$dir/app/src"
  git archive "$rev" generated runtime | tar -x -C "$dir/tree"
  cat >"$dir/app/Cargo.toml" <<EOF
[package]
name = "app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
conekta-client = { path = "../tree/generated/conekta-client" }
paystack-client = { path = "../tree/generated/paystack-client" }
pepgate-client = { path = "../tree/generated/pepgate-client" }
subscription-service-client = { path = "../tree/generated/subscription-service-client" }

[workspace]
EOF
  cat >"$dir/app/src/main.rs" <<'EOF'
fn main() {
    let _ = conekta_client::Client::builder().bearer_auth("key").build();
    let _ = paystack_client::Client::builder().bearer_auth("key").build();
    let _ = pepgate_client::Client::builder().basic_auth("user", "password").build();
    let _ = subscription_service_client::Client::builder().jwt("token").build();
}
EOF
  (cd "$dir/app" && CARGO_TARGET_DIR=$dir/target cargo check -q)
  local local_crates=(-p conekta-client -p paystack-client -p pepgate-client -p subscription-service-client)
  grep -q openapi-client-runtime "$dir/tree/generated/paystack-client/Cargo.toml" && local_crates+=(-p openapi-client-runtime)
  local fresh=() clients=() app=()
  for _ in $(seq "$runs"); do
    (cd "$dir/app" && CARGO_TARGET_DIR=$dir/target cargo clean -q "${local_crates[@]}")
    fresh+=("$(timed_check "$dir/app" "$dir/target")")
    find "$dir/tree/generated" -name '*.rs' -exec touch {} +
    clients+=("$(timed_check "$dir/app" "$dir/target")")
    touch "$dir/app/src/main.rs"
    app+=("$(timed_check "$dir/app" "$dir/target")")
  done
  local lines
  lines=$(find "$dir/tree/generated/"{conekta,paystack,pepgate,subscription-service}-client/src -name '*.rs' -print0 | xargs -0 cat | wc -l)
  printf '| %s | %s | %s | %s | %s |\n' "$rev" "$lines" "$(printf '%s\n' "${fresh[@]}" | median)" \
    "$(printf '%s\n' "${clients[@]}" | median)" "$(printf '%s\n' "${app[@]}" | median)"
}

echo "| revision | lines of the four clients | this repository's crates from scratch (s) | after the clients are regenerated (s) | after the app changes (s) |"
echo "|---|---:|---:|---:|---:|"
measure "$(git rev-parse --short "$before")"
measure "$(git rev-parse --short "$after")"
