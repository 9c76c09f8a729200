# Shared by the suite scripts: run a dotnet test project and report its counts into $SUITE_RESULT.
# Skipped tests count as failures: a skipped test is a defect here.
run_dotnet_tests() {
  local project=$1; shift
  local log; log=$(mktemp)
  dotnet test "$project" -c "$CONFIGURATION" --no-build --nologo "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line; line=$(grep -E 'Failed: *[0-9]+, *Passed: *[0-9]+, *Skipped: *[0-9]+' "$log" | tail -1)
  if [ -z "$line" ]; then echo "0 1" > "$SUITE_RESULT"; rm -f "$log"; return 1; fi
  local f p s
  f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
  # A crashed or aborted test host exits non-zero even when the tests that finished all passed; a run that passed
  # nothing ran nothing. Both count as a failure.
  if [ "$rc" -ne 0 ] && [ "$((f + s))" -eq 0 ]; then echo "dotnet test exited with $rc"; f=1; fi
  if [ "$p" -eq 0 ] && [ "$((f + s))" -eq 0 ]; then echo "no test ran"; f=1; fi
  echo "$p $((f + s))" > "$SUITE_RESULT"
  rm -f "$log"
  [ "$((f + s))" -eq 0 ]
}
