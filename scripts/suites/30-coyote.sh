#!/usr/bin/env bash
# Coyote systematic concurrency tests (coyote-tests/): rewrite the built assemblies so that Coyote controls every
# Task, lock, Interlocked/Volatile operation and field access, then run the xunit tests, which drive Coyote's testing
# engine in process. test.sh has built the solution and restored the dotnet tools, and exports DOTNET_ROLL_FORWARD=Major
# (the Coyote CLI targets net8.0).
#   COYOTE_ITERATIONS=N   schedules per exploration (default 1000; raise it for long campaigns)
#   COYOTE_SEED=N         the scheduler's seed (default 20261127)
# Traces of the bugs found (the seeded races) and Output/summary.tsv land in coyote-tests/Output/ (ignored by git).
source "$(dirname "$0")/../lib.sh"
set -o pipefail
export DOTNET_ROLL_FORWARD=Major
out="coyote-tests/bin/$CONFIGURATION/net10.0"
if [ ! -f "$out/Verified.CoyoteTests.dll" ]; then
  echo "coyote-tests is not built ($out/Verified.CoyoteTests.dll missing)"; echo "0 1" > "$SUITE_RESULT"; exit 1
fi

# Rewrite our own assemblies only, those that are present (Verified.Balloon.dll joins once coyote-tests references it).
assemblies=()
for dll in Verified.Buddy.dll Verified.Memory.dll Verified.Buffers.dll Verified.Balloon.dll Verified.CoyoteTests.dll; do
  [ -f "$out/$dll" ] && assemblies+=("\"$dll\"")
done
config="$out/rewrite.coyote.json"
printf '{ "AssembliesPath": "%s", "Assemblies": [ %s ] }\n' "$(cd "$out" && pwd)" "$(IFS=,; echo "${assemblies[*]}")" > "$config"
echo "coyote rewrite: ${assemblies[*]}"
if ! dotnet coyote rewrite "$config" > "$out/rewrite.log" 2>&1; then
  cat "$out/rewrite.log"; echo "coyote rewrite failed"; echo "0 1" > "$SUITE_RESULT"; exit 1
fi
grep -iE 'rewrit|error' "$out/rewrite.log" | tail -5

export COYOTE_OUTPUT; COYOTE_OUTPUT="$(pwd)/coyote-tests/Output"
mkdir -p "$COYOTE_OUTPUT"; rm -f "$COYOTE_OUTPUT/summary.tsv"
echo "iterations per exploration: ${COYOTE_ITERATIONS:-1000}, seed: ${COYOTE_SEED:-20261127}"
run_dotnet_tests coyote-tests/CoyoteTests.csproj; rc=$?

if [ -f "$COYOTE_OUTPUT/summary.tsv" ]; then
  echo; printf '%-44s %10s %5s %9s %12s %9s %10s\n' exploration iterations bugs seconds uncontrolled max-steps bound-hits
  while IFS=$'\t' read -r name iterations bugs seconds uncontrolled steps hits; do
    printf '%-44s %10s %5s %9s %12s %9s %10s\n' "$name" "$iterations" "$bugs" "$seconds" "$uncontrolled" "$steps" "$hits"
  done < "$COYOTE_OUTPUT/summary.tsv"
  echo "(a seeded race's row gives the iteration at which Coyote found it; its trace is in $COYOTE_OUTPUT/<name>/)"
fi
exit $rc
