# Sourced by the bench scripts: `corpus_specs [FILTER...]` sets `specs` to
# every single-file corpus spec, or those whose path contains a FILTER.
corpus_specs() {
  specs=()
  local spec filter
  for spec in corpus/*.yaml corpus/*.yml corpus/*.json corpus/vendors/*.yaml corpus/vendors/*.json; do
    [ -f "$spec" ] || continue
    if [ $# -eq 0 ]; then specs+=("$spec"); continue; fi
    for filter in "$@"; do
      case "$spec" in *"$filter"*) specs+=("$spec"); break;; esac
    done
  done
}
