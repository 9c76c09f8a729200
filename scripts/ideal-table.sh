#!/usr/bin/env bash
# The README's table: % of the ideal for every workload × policy × host page size (4 KiB, 64 KiB, 2 MiB; QEMU's
# partial-host-page rule), measured by the main-job program. Figures are deterministic for the seed (no times).
# Usage: scripts/ideal-table.sh [extra sim options, e.g. --guest-size 1G --backing real]
set -euo pipefail
cd "$(dirname "$0")/.."
dll="sim/bin/${CONFIGURATION:-Release}/net10.0/Verified.Simulation.dll"
[ -f "$dll" ] || { echo "build first: dotnet build sim -c Release" >&2; exit 1; }
row() {   # csv file, metric → the cells after "metric,unit,"
  grep -F "$2," "$1" | head -1 | cut -d, -f3- | tr ',' ' '
}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "| host page | workload | ideal (MiB) | pre-PR first fit 1 MiB | first fit 4 KiB | MRU 4 KiB | MRU 1 MiB | host-clean-aware MRU | MRU 4 KiB + reporting | host-clean-aware MRU + reporting |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for hp in 4K 64K 2M; do
  for w in mixed program page-cache cycles odd-sizes churn small-balloon; do
    dotnet "$dll" "$@" -w "$w" --host-page-size "$hp" --no-chart -q --csv - > "$work/all.csv"
    dotnet "$dll" "$@" -w "$w" --host-page-size "$hp" --no-chart -q --csv - --policy mru --reporting > "$work/mru.csv"
    dotnet "$dll" "$@" -w "$w" --host-page-size "$hp" --no-chart -q --csv - --policy clean-mru --reporting > "$work/clean.csv"
    ideal=$(row "$work/all.csv" "ideal: most any choice could release" | awk '{print $NF}')
    cells="$(row "$work/all.csv" "released / ideal") $(row "$work/mru.csv" "released / ideal") $(row "$work/clean.csv" "released / ideal")"
    echo "| $hp | $w | $ideal | $(echo $cells | sed 's/ / | /g') |"
  done
done
