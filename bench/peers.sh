#!/usr/bin/env bash
# Side-by-side with the peers, outside CI: for every spec in corpus/ (or the ones
# named), generate a client with this generator, with progenitor, with
# openapi-generator (rust) and with openapi-to-rust, then report the seconds
# generation took, each crate's `.rs` lines and the seconds `cargo check`
# takes on the crate itself (dependencies are built first, so the figure is
# the crate's own check, not the dependency tree's).
#
#   bash bench/peers.sh                       # every corpus spec
#   bash bench/peers.sh stripe discord        # specs whose file name contains a filter
#   REUSE="progenitor openapi-generator" bash bench/peers.sh   # keep those tools' last figures
#
# Installs the peers if they are missing:
#   cargo install cargo-progenitor --locked
#   pip install openapi-generator-cli        # ships its jar; needs Java
#   cargo install openapi-to-rust --locked   # writes src/generated/ into a crate we make
# Writes target/peers/table.md (and each crate under target/peers/<tool>/<spec>).
# Our crates depend on openapi-client-runtime (runtime/), as progenitor's
# depend on progenitor-client, so every count is of generated lines only; the
# runtime is built with the dependencies, before the timed check.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/peers
mkdir -p "$out"

command -v cargo-progenitor >/dev/null || cargo install cargo-progenitor --locked
command -v openapi-generator-cli >/dev/null || pip install openapi-generator-cli
command -v openapi-to-rust >/dev/null || cargo install openapi-to-rust --locked

cargo build --release -q -p xtask
xtask=$root/target/release/xtask

source bench/corpus-specs.sh
corpus_specs "$@"

rs_lines() { find "$1/src" -name '*.rs' -print0 | xargs -0 cat 2>/dev/null | wc -l; }

# Check the crate once (which builds its dependencies), then touch it and time a
# second check: that second figure is the crate's own check time.
check_seconds() {
  local dir=$1
  ( cd "$dir" && CARGO_TARGET_DIR=$out/target-$2 cargo check -q >"$dir.check.log" 2>&1 ) || { echo "fail"; return; }
  find "$dir/src" -name '*.rs' -exec touch {} +
  local start end
  start=$(date +%s.%N)
  ( cd "$dir" && CARGO_TARGET_DIR=$out/target-$2 cargo check -q >>"$dir.check.log" 2>&1 ) || { echo "fail"; return; }
  end=$(date +%s.%N)
  printf '%.1f' "$(echo "$end - $start" | bc)"
}

table=$out/table.md
{
  echo "| spec | ours gen s | ours lines | ours check s | progenitor gen s | progenitor lines | progenitor check s | openapi-generator gen s | openapi-generator lines | openapi-generator check s | openapi-to-rust gen s | openapi-to-rust lines | openapi-to-rust check s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"

for spec in "${specs[@]}"; do
  name=$(basename "$spec"); name=${name%.*}
  crate=$(echo "$name" | tr '[:upper:]._' '[:lower:]--')
  row="| $name"
  for tool in ours progenitor openapi-generator openapi-to-rust; do
    dir=$out/$tool/$name
    if [[ " ${REUSE:-} " == *" $tool "* && -f "$dir.result" ]]; then
      kept=$(cat "$dir.result")
      # Figures from before generation was timed have two columns, not three.
      [ "$(grep -o '|' <<<"$kept" | wc -l)" -lt 2 ] && kept="- | $kept"
      row="$row | $kept"
      continue
    fi
    rm -rf "$dir" "$dir.result"; mkdir -p "$(dirname "$dir")"
    started=$(date +%s.%N)
    case $tool in
      ours) "$xtask" generate --spec "$spec" --out "$dir" --name "$crate-client" --runtime "path=$root/runtime" --allow-partial >"$dir.gen.log" 2>&1 ;;
      progenitor) timeout 600 cargo progenitor -i "$spec" -o "$dir" -n "$crate-client" -v 0.1.0 >"$dir.gen.log" 2>&1 ;;
      openapi-generator) timeout 600 openapi-generator-cli generate -g rust -i "$spec" -o "$dir" \
          --package-name "${crate//-/_}_client" --skip-validate-spec >"$dir.gen.log" 2>&1 ;;
      # It writes src/generated/ and the dependencies it needs into the crate it runs in.
      openapi-to-rust) mkdir -p "$dir" && ( cd "$dir" && timeout 600 openapi-to-rust generate "$root/$spec" ) >"$dir.gen.log" 2>&1 ;;
    esac
    status=$?
    generated_in=$(printf '%.2f' "$(echo "$(date +%s.%N) - $started" | bc)")
    if [ $status -eq 0 ] && [ "$tool" = openapi-to-rust ] && [ -f "$dir/src/generated/REQUIRED_DEPS.toml" ]; then
      { printf '[package]\nname = "%s-client"\nversion = "0.1.0"\nedition = "2021"\n\n' "$crate"
        grep -v '^#' "$dir/src/generated/REQUIRED_DEPS.toml"; } >"$dir/Cargo.toml"
      echo "pub mod generated;" >"$dir/src/lib.rs"
    fi
    if [ $status -ne 0 ] || [ ! -d "$dir/src" ]; then
      failed="$generated_in | generation failed | -"
      echo "$failed" >"$dir.result"
      row="$row | $failed"
      continue
    fi
    # A generated crate is its own workspace root, as a downstream user's would be.
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    lines=$(rs_lines "$dir")
    seconds=$(check_seconds "$dir" "$tool")
    [ "$seconds" = fail ] && seconds="check failed"
    echo "$generated_in | $lines | $seconds" >"$dir.result"
    row="$row | $generated_in | $lines | $seconds"
  done
  echo "$row |" | tee -a "$table"
done
echo
cat "$table"
