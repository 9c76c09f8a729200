#!/usr/bin/env bash
# Smoke test of the main-job program (sim/): small guests on the simulated and the real backing, each policy, the
# table, JSON, CSV and chart outputs, and a bad option that must give a clear message and the usage, not a stack trace.
# Reports "passed failed" into $SUITE_RESULT.
set -uo pipefail
cd "$(dirname "$0")/../.."
config="${CONFIGURATION:-Release}"
dll="sim/bin/$config/net10.0/Verified.Simulation.dll"
passed=0; failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {   # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then echo "  ok   $name"; passed=$((passed + 1)); else echo "  FAIL $name"; failed=$((failed + 1)); fi
}
has_all() {   # file, then strings it must contain
  local file=$1; shift
  local s; for s in "$@"; do grep -qF -- "$s" "$file" || { echo "    missing '$s' in $(basename "$file")"; return 1; }; done
}
run() {   # name, expected exit code, then the program's arguments; output in $work/<name>.out and .err
  local name=$1 want=$2; shift 2
  dotnet "$dll" "$@" >"$work/$name.out" 2>"$work/$name.err"
  local rc=$?
  [ "$rc" -eq "$want" ] || { echo "    $name: exit code $rc, expected $want"; sed 's/^/    | /' "$work/$name.err" | tail -15; return 1; }
}

if [ ! -f "$dll" ]; then
  echo "  $dll is missing: build the solution first"
  echo "0 1" > "${SUITE_RESULT:-/dev/null}"; exit 1
fi

table_rows=("host-populated before inflating" "host-populated after inflating" "host memory released" \
  "balloon pages that were host-populated" "balloon size after inflating" "balloon size after deflating" \
  "guest free memory before inflating" "time: total" "protocol violations" "MRU buddy" "pre-PR first fit")
json_fields=('"policies"' '"hostPopulatedBeforeInflateBytes"' '"hostPopulatedAfterInflateBytes"' '"hostReleasedBytes"' \
  '"balloonPagesHostPopulatedShare"' '"balloonAfterInflateBytes"' '"guestFreeBeforeInflateBytes"' '"samples"' '"protocolViolations"')

# Simulated backing: both policies, table + JSON file + chart.
check "simulated backing runs and exits 0" run sim 0 --guest-size 96M --backing simulated --seed 7 \
  --json "$work/sim.json" --chart "$work/sim.png"
check "simulated: the table has every row" has_all "$work/sim.out" "${table_rows[@]}" "Simulated memory"
check "simulated: the JSON has every field" has_all "$work/sim.json" "${json_fields[@]}"
check "simulated: the chart is a PNG" bash -c "head -c 8 '$work/sim.png' | od -An -c | grep -q 'P   N   G'"
# The first policy in the JSON is MRU; read its numbers with grep so the suite needs nothing beyond bash and coreutils.
check "simulated: MRU releases host memory" bash -c "
  released=\$(grep -o '\"hostReleasedBytes\": *[0-9]*' '$work/sim.json' | head -1 | grep -o '[0-9]*\$')
  balloon=\$(grep -o '\"balloonAfterInflateBytes\": *[0-9]*' '$work/sim.json' | head -1 | grep -o '[0-9]*\$')
  [ \"\${released:-0}\" -gt 0 ] && [ \"\${balloon:-0}\" -gt 0 ]"

check "simulated: progress on standard error is plain lines covering every phase" bash -c "
  ! grep -q \$'\\r' '$work/sim.err' && grep -q 'workload on Simulated memory: done in' '$work/sim.err' \
  && grep -q 'inflating the balloon to 48 MiB: done in' '$work/sim.err' && grep -q 'deflating the balloon to 24 MiB: done in' '$work/sim.err' \
  && grep -q 'drawing the chart: done in' '$work/sim.err'"

# The % of ideal chart, drawn from a table as scripts/ideal-table.sh prints it; anything else is refused.
printf '%s\n' '| host page | workload | ideal (MiB) | pre-PR first fit 1 MiB | MRU 4 KiB |' '|---|---|---:|---:|---:|' \
  '| 4K | mixed | 424.3 | 49.8 | 100.0 |' '| 64K | mixed | 396.6 | 54.1 | 93.7 |' > "$work/table.md"
check "the % of ideal chart is drawn from the table" run idealchart 0 --ideal-chart-from "$work/table.md" --chart "$work/ideal.png"
check "the % of ideal chart is a PNG" bash -c "head -c 8 '$work/ideal.png' | od -An -c | grep -q 'P   N   G'"
echo 'no table here' > "$work/notable.md"
check "a file without the table is refused with exit code 2" run notable 2 --ideal-chart-from "$work/notable.md" --chart "$work/x.png"

# Real backing (mmap); where it is unavailable the program falls back and says so, which still passes.
check "real backing runs and exits 0" run real 0 --guest-size 96M --backing real --json - --no-chart
check "real: the JSON on standard output has every field" has_all "$work/real.out" "${json_fields[@]}"
check "real: the backing used is reported" bash -c "grep -q '\"backing\": \"Real\"' '$work/real.out' || grep -q 'falling back' '$work/real.err'"
check "real: CSV for one policy" run csv 0 --guest-size 64M --policy mru --workload program --csv - --no-chart --quiet
check "real: the CSV has a header and the rows" has_all "$work/csv.out" "metric,unit," "host memory released,MiB," "protocol violations,,"

# Bad options: a clear message and the usage, exit code 2, no stack trace.
check "a bad size is refused with exit code 2" run badsize 2 --guest-size banana
check "a bad size names the option and shows the usage" has_all "$work/badsize.err" "--guest-size" "Usage:"
check "an unknown policy is refused with exit code 2" run badpolicy 2 --policy lifo
check "a target larger than the guest is refused" run badtarget 2 --guest-size 64M --inflate-to 1G
check "a bad seed is refused in plain words" bash -c "dotnet '$dll' --seed abc >/dev/null 2>'$work/seed.err'; [ \$? -eq 2 ] && grep -q \"'abc' is not a whole number\" '$work/seed.err' && ! grep -q 'System.Int32' '$work/seed.err'"
check "a bad guest size reports only its own error" bash -c "dotnet '$dll' --guest-size 1000000 >/dev/null 2>'$work/tiny.err'; [ \$? -eq 2 ] && [ \$(grep -c '^error:' '$work/tiny.err') -eq 1 ] && grep -q '^error: --guest-size' '$work/tiny.err'"
check "sizes of a TiB and more are said in TiB" bash -c "dotnet '$dll' --guest-size 10T >/dev/null 2>'$work/tib.err'; [ \$? -eq 2 ] && grep -q '10 TiB' '$work/tib.err'"
check "two outputs on standard output are refused" run twostdout 2 --guest-size 64M --json - --csv -
check "an output that cannot be written gives exit code 3" run unwritable 3 --guest-size 64M --backing simulated --no-chart --quiet --json /proc/no-such-dir/out.json
check "a free floor above the guest is refused" run badfloor 2 --guest-size 64M --free-floor 64M
check "a short balloon is explained" bash -c "dotnet '$dll' --guest-size 64M --backing simulated --no-chart --quiet --inflate-to 60M >'$work/short.out' 2>/dev/null && grep -q '(short)' '$work/short.out' && grep -qF '17 MiB of guest free memory (--free-floor)' '$work/short.out'"
check "reporting with a bitmap policy alone is refused and says why" bash -c "dotnet '$dll' --guest-size 64M --policy pre-pr --reporting >/dev/null 2>'$work/bmrep.err'; [ \$? -eq 2 ] && grep -q '^error: --reporting: the pre-pr policy runs on the pre-PR bitmap first-fit allocator, which has no free page reporting' '$work/bmrep.err' && [ \$(grep -c '^error:' '$work/bmrep.err') -eq 1 ]"
check "with all policies, reporting applies to the buddy-heap ones and the table says so" bash -c "dotnet '$dll' --guest-size 64M --backing simulated --no-chart --quiet --reporting >'$work/allrep.out' 2>/dev/null && grep -q 'MRU buddy, 4 KiB pages + reporting' '$work/allrep.out' && grep -q 'pre-PR first fit, 1 MiB ' '$work/allrep.out' && grep -q 'applies to the buddy-heap policies only' '$work/allrep.out'"
check "no stack trace on bad options" bash -c "! grep -q '   at ' '$work/badsize.err' '$work/badpolicy.err' '$work/badtarget.err'"

echo "$passed $failed" > "${SUITE_RESULT:-/dev/null}"
[ "$failed" -eq 0 ]
