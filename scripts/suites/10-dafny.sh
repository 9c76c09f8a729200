#!/usr/bin/env bash
# The Dafny model of the heap (spec/):
#   (a) no escape hatch: `dotnet dafny audit` reports nothing, and spec/ holds no assume, {:axiom}, @Axiom, expect,
#       {:verify false}, {:extern}, {:only}, body-less lemma/function/predicate/method, and no verify command or
#       project file of spec/ passes --allow-warnings; the checker itself is run on a copy with each hatch planted;
#   (b) every proof verifies under a resource limit, with three Z3 seeds (a flaky proof shows up as a failure);
#   (c) every model mutant of spec/mutants/mutants.txt FAILS verification, with the obligations that fail;
#   (d) the C# compiled from the model (spec/generated/BuddyModel.cs, the property suite's oracle) is up to date.
cd "$(dirname "$0")/../.."
passed=0; failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# Z3 resource units per proof (the largest proof of the model uses about 1.6·10^7), and the seeds of (b).
RLIMIT=${DAFNY_RESOURCE_LIMIT:-60000000}
SEEDS=${DAFNY_SEEDS:-"1 2 3"}
verify_flags=(--resource-limit "$RLIMIT" --cores 2)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/verified-dafny.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# ---- (a) escape hatches ----------------------------------------------------------------------------------------
# Prints every hatch in the .dfy files of directory $1; exit status 1 if there is one.
hatches() {
  local dir=$1 found=0
  if grep -nE '\bassume\b|\{:axiom|@Axiom|\bexpect\b|\{:verify +false|\{:extern|\{:only|@Only' "$dir"/*.dfy; then found=1; fi
  for f in "$dir"/*.dfy; do awk -f scripts/dafny/bodyless.awk "$f" | sed 's/$/   <- no body/' || found=1; done
  if grep -n -- '--allow-warnings' "$dir"/*.toml "$dir"/*.dfy 2>/dev/null; then found=1; fi
  local audit; audit=$(dotnet dafny audit "$dir"/*.dfy 2>&1)
  if ! grep -q 'completed with 0 findings' <<<"$audit"; then grep -E 'Warning|Error|findings' <<<"$audit"; found=1; fi
  return $found
}
if hatches spec; then echo "escape hatches: none (dafny audit: 0 findings)"; pass
else fail "spec/ contains an escape hatch (listed above)"; fi
if grep -nE 'dafny +(verify|translate|build|run|test|audit)[^#]*--allow-warnings' scripts/suites/*.sh spec/translate.sh test.sh; then
  fail "a verify command passes --allow-warnings"
fi

# The checker finds each hatch: plant it in a copy of spec/ and expect a report.
planted_ok=1
while IFS='|' read -r what text; do
  mkdir -p "$scratch/hatch" && rm -f "$scratch/hatch"/* && cp spec/*.dfy "$scratch/hatch/"
  printf '\nmodule Planted {\n%b\n}\n' "$text" >> "$scratch/hatch/Buddy.dfy"
  if hatches "$scratch/hatch" >/dev/null 2>&1; then echo "the hatch check misses: $what"; planted_ok=0; fi
done <<'EOF'
assume|  lemma L(x: nat) ensures x > 0 { assume x > 0; }
{:axiom}|  lemma {:axiom} L(x: nat) ensures x > 0
@Axiom|  @Axiom lemma L(x: nat) ensures x > 0 { }
expect|  method M(x: nat) { expect x > 0; }
{:verify false}|  lemma {:verify false} L(x: nat) ensures x > 0 { }
{:extern}|  method {:extern} M(x: nat)
{:only}|  lemma {:only} L(x: nat) ensures x >= 0 { }
body-less lemma|  lemma L(x: nat)\n    ensures x > 0
body-less function|  ghost function F(x: nat): nat
EOF
if [ "$planted_ok" = 1 ]; then echo "hatch check: finds each of the 9 planted hatches"; pass; else fail "the hatch check"; fi

# ---- (b) the proofs, three seeds -------------------------------------------------------------------------------
for seed in $SEEDS; do
  start=$(date +%s%N)
  if out=$(dotnet dafny verify spec/*.dfy "${verify_flags[@]}" --boogie "/proverOpt:O:smt.random_seed=$seed" 2>&1); then ok=1; else ok=0; fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  summary=$(grep -o 'finished with .*' <<<"$out")
  printf 'dafny verify (seed %s, resource limit %s): %d.%d s, %s\n' "$seed" "$RLIMIT" $((ms / 1000)) $((ms % 1000 / 100)) "$summary"
  if [ "$ok" = 1 ]; then pass; else grep -E 'Error' <<<"$out" | head -20; fail "dafny verify spec/*.dfy with seed $seed"; fi
done

# ---- (c) mutants -----------------------------------------------------------------------------------------------
# What a mutant must break is proved in BuddyProofs (Valid() kept) and BuddyContractProofs (the contract); the other
# modules (arithmetic, list primitives, the oracle class that calls these lemmas) do not look inside the model.
# (--filter-symbol takes one value: "Proofs" selects exactly those two modules.)
mutant_filter=(--filter-symbol Proofs)
names=$(grep -v '^#' spec/mutants/mutants.txt | grep -v '^[[:space:]]*$' | cut -d'|' -f1 | sed 's/[[:space:]]*$//' | awk '!seen[$0]++')
for name in $names; do
  dir="$scratch/mutant-$name"; mkdir -p "$dir" && cp spec/*.dfy "$dir/"
  applied=1
  while IFS='|' read -r n files text repl; do
    n=$(sed 's/[[:space:]]*$//' <<<"$n"); [ "$n" = "$name" ] || continue
    text=$(sed 's/^ //; s/ $//' <<<"$text"); repl=$(sed 's/^ //; s/ $//' <<<"$repl")
    changed=0
    for f in $files; do
      before=$(md5sum < "$dir/$f")
      FROM="$text" TO="$repl" perl -pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$dir/$f"
      [ "$(md5sum < "$dir/$f")" != "$before" ] && changed=1
    done
    if [ "$changed" = 0 ]; then echo "mutant $name: the edit '$text' matches nothing (stale mutant)"; applied=0; fi
  done < <(grep -v '^#' spec/mutants/mutants.txt)
  if [ "$applied" = 0 ]; then fail "mutant $name could not be applied"; continue; fi
  start=$(date +%s)
  out=$(dotnet dafny verify "$dir"/*.dfy "${verify_flags[@]}" "${mutant_filter[@]}" \
          --log-format "csv;LogFileName=$dir/log.csv" 2>&1); rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$rc" = 0 ]; then fail "mutant $name VERIFIES (${secs} s): the contract does not rule it out"; continue; fi
  symbols=$(grep -v '^TestResult' "$dir/log.csv" 2>/dev/null | grep -v ',Passed,' | cut -d, -f1 | sed 's/ (correctness)//; s/ (well-formedness)/ (wf)/; s/^Buddy[A-Za-z]*\.//' | sort -u | paste -sd, - | sed 's/,/, /g')
  first=$(grep -m1 -E 'Related location: this is the postcondition|Related location: this proposition|Error: ' <<<"$out" | sed "s#$dir/##")
  if [ -z "$symbols" ]; then
    fail "mutant $name: verification stopped without a failing obligation (resolution error?): $(grep -m1 Error <<<"$out" | sed "s#$dir/##")"
    continue
  fi
  echo "mutant $name: fails as expected (${secs} s); failing: $symbols; first: $first"
  pass
done

# ---- (d) the translation ---------------------------------------------------------------------------------------
if spec/translate.sh --check; then pass; else fail "spec/translate.sh --check"; fi

echo "$passed $failed" > "$SUITE_RESULT"
[ "$failed" -eq 0 ]
