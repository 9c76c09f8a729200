#!/usr/bin/env bash
# Runs every check of the project: the Dafny proofs, the property suite, the Coyote suite, ...
# Works on a fresh Debian machine with only the .NET SDK: it installs Z3 (as root) and the pinned dotnet tools.
# Each suite is a script in scripts/suites/, run in name order; each reports "passed failed" into $SUITE_RESULT.
# The last line is the sum over all suites: "N passed, N failed". Exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The Coyote CLI targets net8.0; only a newer runtime may be installed.
export DOTNET_ROLL_FORWARD=Major
export CONFIGURATION="${CONFIGURATION:-Release}"

# --- prerequisites ---------------------------------------------------------------------------------------------
if ! command -v z3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Z3 (apt-get install z3)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq z3 >/dev/null \
      || { echo "could not install Z3 with apt-get"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "Z3 is missing and this user cannot install it. Run: sudo apt-get install -y z3   (then run ./test.sh again)"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
echo "== dotnet tool restore"
dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1; }

echo "== build ($CONFIGURATION)"
if ! dotnet build Verified.sln -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

# --- suites ----------------------------------------------------------------------------------------------------
total_passed=0; total_failed=0; summary=""
for suite in scripts/suites/*.sh; do
  name=$(basename "$suite" .sh)
  export SUITE_RESULT; SUITE_RESULT=$(mktemp)
  echo; echo "== suite $name"
  start=$(date +%s)
  bash "$suite"; rc=$?
  read -r p f < "$SUITE_RESULT" || { p=0; f=0; }
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a suite that failed without counting still fails
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "suite $name reported no result"; fi   # nor does one that ran nothing
  rm -f "$SUITE_RESULT"
  secs=$(( $(date +%s) - start ))
  summary+=$(printf '\n  %-22s %6d passed %4d failed %5ds' "$name" "$p" "$f" "$secs")
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
done
echo; echo "== summary$summary"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
