#!/usr/bin/env bash
# The second chart of the README: % of the ideal per workload × policy × host page size, drawn from the very table
# scripts/ideal-table.sh prints (the same runs, the same figures).
# Usage: scripts/ideal-chart.sh OUT.png [extra sim options for ideal-table.sh, e.g. --guest-size 1G --backing real]
#        IDEAL_TABLE=table.md scripts/ideal-chart.sh OUT.png   (draw a table already printed, without running again)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/ideal-chart.sh OUT.png [sim options]}; shift
dll="sim/bin/${CONFIGURATION:-Release}/net10.0/Verified.Simulation.dll"
[ -f "$dll" ] || { echo "build first: dotnet build sim -c Release" >&2; exit 1; }
table=${IDEAL_TABLE:-}
if [ -z "$table" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  table="$work/table.md"
  scripts/ideal-table.sh "$@" > "$table"
  cat "$table"
fi
dotnet "$dll" --ideal-chart-from "$table" --chart "$out"
