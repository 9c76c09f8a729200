#!/usr/bin/env bash
# Compiles the Dafny model to C#: spec/Oracle.dfy (and every file it includes) -> spec/generated/BuddyModel.cs,
# with the Dafny runtime embedded, for the oracle project spec/oracle/Oracle.csproj.
#
#   spec/translate.sh           regenerate spec/generated/BuddyModel.cs (commit the result)
#   spec/translate.sh --check   regenerate into a scratch copy and fail if the checked-in file differs
#
# The generated file embeds the Dafny program and the exact command line, so the command below is always run from
# a directory holding spec/ with these exact arguments; the check does the same in a scratch copy of spec/*.dfy.
# Verification is not repeated here (--no-verify): scripts/suites/10-dafny.sh verifies the same files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

translate() {   # run in the current directory, which must contain spec/*.dfy
  dotnet dafny translate cs spec/Oracle.dfy --include-runtime --no-verify --output spec/generated/BuddyModel >/dev/null
  rm -f spec/generated/BuddyModel-cs.dtr   # translation record for separate compilation; not used
}

if [ "${1:-}" = "--check" ]; then
  mkdir -p "$root/.tmp"
  scratch=$(mktemp -d "$root/.tmp/dafny-translate.XXXXXX")   # inside the repository: dotnet finds the tool manifest
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/spec"
  cp spec/*.dfy "$scratch/spec/"
  (cd "$scratch" && translate)
  if diff -q "$scratch/spec/generated/BuddyModel.cs" spec/generated/BuddyModel.cs >/dev/null; then
    echo "spec/generated/BuddyModel.cs is up to date"
  else
    echo "spec/generated/BuddyModel.cs is stale: run spec/translate.sh and commit the result"
    diff "$scratch/spec/generated/BuddyModel.cs" spec/generated/BuddyModel.cs | head -20
    exit 1
  fi
else
  translate
  echo "wrote spec/generated/BuddyModel.cs ($(wc -l < spec/generated/BuddyModel.cs) lines)"
fi
