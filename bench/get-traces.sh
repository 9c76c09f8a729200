#!/usr/bin/env bash
# Writes the six page-allocation traces the trace-replay benchmarks read into bench/traces/ (git-ignored, ~100 MB),
# then checks them against bench/trace-gen/SHA256SUMS. Traces already present and correct are kept.
# Usage: bench/get-traces.sh [output-dir]      (default: bench/traces)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/traces}"
gen="$here/trace-gen/gen_trace.py"
command -v python3 >/dev/null 2>&1 || { echo "get-traces.sh: python3 is needed to generate the traces (apt-get install -y python3)" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
make_trace() {   # name kind heap [extra args]
  local name=$1 kind=$2 heap=$3; shift 3
  if [ -f "$name" ] && grep -q " $name\$" "$here/trace-gen/SHA256SUMS" \
     && grep " $name\$" "$here/trace-gen/SHA256SUMS" | sha256sum -c --status 2>/dev/null; then
    echo "  $name: present"
    return
  fi
  echo "  $name: generating"
  python3 "$gen" "$kind" --heap "$heap" "$@" -o "$name.tmp" 2>/dev/null
  mv "$name.tmp" "$name"
}
echo "traces in $out"
make_trace mixed_256M.trace   mixed   256M --seed 42
make_trace mixed_1G.trace     mixed   1G   --seed 42
make_trace mixed_4G.trace     mixed   4G   --seed 42
make_trace balloon_256M.trace balloon 256M
make_trace balloon_1G.trace   balloon 1G
make_trace balloon_4G.trace   balloon 4G
sha256sum -c "$here/trace-gen/SHA256SUMS"
