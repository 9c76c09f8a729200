#!/usr/bin/env bash
# The Dafny model of the heap (spec/): (a) every proof verifies, with the time it took; (b) the C# compiled from it
# (spec/generated/BuddyModel.cs, the property suite's oracle) is up to date with the .dfy files.
cd "$(dirname "$0")/../.."
passed=0; failed=0

start=$(date +%s%N)
if dotnet dafny verify spec/*.dfy; then ok=1; else ok=0; fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf 'dafny verify: %d.%d s\n' $((ms / 1000)) $((ms % 1000 / 100))
# The model proves everything it states: no assumption or trusted declaration may stand in for a proof.
if grep -nE '\bassume\b|\{:axiom|\{:verify +false|\{:extern|\{:only' spec/*.dfy; then
  echo "FAILED: spec/ contains an assume, {:axiom}, {:verify false}, {:extern} or {:only} (listed above)"; ok=0
fi
if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: dafny verify spec/*.dfy"; fi

if spec/translate.sh --check; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: spec/translate.sh --check"; fi

echo "$passed $failed" > "$SUITE_RESULT"
[ "$failed" -eq 0 ]
