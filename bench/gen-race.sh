#!/usr/bin/env bash
# Generation time, ours against openapi-to-rust, in one run: for every corpus
# spec (or the ones whose file name contains a filter), RUNS alternating runs
# of each whole process, writing a fresh crate each time. Prints the median
# and the fastest run in milliseconds (specs under 100 KB get 5 times the
# runs), the ratio of the medians, and each
# process's peak resident memory.
#
#   bash bench/gen-race.sh                 # every corpus spec, RUNS=7
#   RUNS=11 bash bench/gen-race.sh stripe  # specs whose name contains "stripe"
#
# A spec openapi-to-rust cannot generate is reported as such and not raced.
# Writes target/gen-race/table.md.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/gen-race
runs=${RUNS:-7}
mkdir -p "$out"

command -v openapi-to-rust >/dev/null || cargo install openapi-to-rust --locked
cargo build --release -q -p xtask
xtask=$root/target/release/xtask

source bench/corpus-specs.sh
corpus_specs "$@"

# The clock in microseconds is `${EPOCHREALTIME/[.,]/}`, read in this shell:
# bash 5 needs no fork of `date`, and a command substitution would fork.
# Milliseconds, to a tenth, from microseconds $1 to $2:
ms_between() { awk -v us=$(($2 - $1)) 'BEGIN { printf "%.1f\n", us / 1e3 }'; }

# One run of a tool on a spec, writing a fresh crate: prints its milliseconds,
# or "fail". With `measure=memory`, runs under /usr/bin/time and prints the
# peak resident KiB instead (not timed: the wrapper's own fork would be).
run_once() {
  local tool=$1 spec=$2 measure=${3:-time} dir=$out/$1 wrap=()
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$measure" = memory ] && wrap=(/usr/bin/time -f '%M' -o "$out/$tool.mem")
  local started ended status=0
  started=${EPOCHREALTIME/[.,]/}
  case "$tool" in
    ours) "${wrap[@]}" "$xtask" generate --spec "$root/$spec" --out "$dir" --name race-client \
            --runtime "path=$root/runtime" --allow-partial >"$out/$tool.log" 2>&1 || status=$? ;;
    # No subshell: its fork would be timed against this tool alone.
    openapi-to-rust)
      cd "$dir" && { "${wrap[@]}" openapi-to-rust generate "$root/$spec" >"$out/$tool.log" 2>&1 || status=$?; }
      cd "$root" ;;
  esac
  ended=${EPOCHREALTIME/[.,]/}
  if [ $status -ne 0 ] || [ ! -d "$dir/src" ]; then echo fail; return; fi
  if [ "$measure" = memory ]; then tail -1 "$out/$tool.mem"; else ms_between "$started" "$ended"; fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

table=$out/table.md
{
  echo "| spec | ours ms (median, fastest) | ours peak MiB | openapi-to-rust ms (median, fastest) | openapi-to-rust peak MiB | openapi-to-rust / ours |"
  echo "|---|---:|---:|---:|---:|---:|"
} >"$table"

# The floor under every figure: starting each process (its `--help`),
# timed the same way, including the shell's fork.
start_once() {
  local started ended
  started=${EPOCHREALTIME/[.,]/}
  case "$1" in
    ours) "$xtask" --help >/dev/null 2>&1 ;;
    openapi-to-rust) openapi-to-rust --help >/dev/null 2>&1 ;;
  esac
  ended=${EPOCHREALTIME/[.,]/}
  ms_between "$started" "$ended"
}
: >"$out/ours.times"; : >"$out/o2r.times"
for _ in $(seq $((runs * 5))); do
  start_once ours >>"$out/ours.times"
  start_once openapi-to-rust >>"$out/o2r.times"
done
echo "| process start (\`--help\`) | $(median <"$out/ours.times") | - | $(median <"$out/o2r.times") | - | - |" | tee -a "$table"

for spec in "${specs[@]}"; do
  name=$(basename "${spec%.*}")
  if [ "$(run_once openapi-to-rust "$spec")" = fail ]; then
    echo "| $name | - | - | generation failed | - | - |" | tee -a "$table"
    continue
  fi
  : >"$out/ours.times"; : >"$out/o2r.times"
  # A spec under 100 KB takes a few milliseconds, as much as the machine's
  # noise: it gets more runs.
  spec_runs=$runs
  [ "$(stat -c %s "$spec")" -lt 100000 ] && spec_runs=$((runs * 5))
  for _ in $(seq "$spec_runs"); do
    run_once ours "$spec" >>"$out/ours.times"
    run_once openapi-to-rust "$spec" >>"$out/o2r.times"
  done
  ours=$(median <"$out/ours.times"); o2r=$(median <"$out/o2r.times")
  ours_min=$(sort -n "$out/ours.times" | head -1); o2r_min=$(sort -n "$out/o2r.times" | head -1)
  ours_mib=$(( $(run_once ours "$spec" memory) / 1024 )); o2r_mib=$(( $(run_once openapi-to-rust "$spec" memory) / 1024 ))
  ratio=$(awk -v a="$o2r" -v b="$ours" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')
  echo "| $name | $ours ($ours_min) | $ours_mib | $o2r ($o2r_min) | $o2r_mib | ${ratio}x |" | tee -a "$table"
done
echo "wrote $table"
