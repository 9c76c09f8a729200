#!/usr/bin/env bash
# Mutation testing with Stryker.NET (dotnet-stryker, pinned in .config/dotnet-tools.json; settings in stryker-config.json).
# Not part of ./test.sh: one area takes from minutes to the better part of an hour on a 2-core machine.
#
#   scripts/mutation.sh heap      [extra dotnet-stryker options]   BuddyHeap*.cs, PackedRecord.cs, ReservedHeap.cs
#                                                                   killed by the heap property tests (property-tests/Heap
#                                                                   and the Dafny oracle)
#   scripts/mutation.sh balloon   [...]                             BalloonDevice.cs, DeviceVirtqueue.cs, DriverVirtqueue.cs,
#                                                                   VirtqueueLayout.cs, killed by the balloon property and
#                                                                   hostile-input suites (fuzz at BALLOON_FUZZ_ITERATIONS,
#                                                                   default here 2000)
#   scripts/mutation.sh concurrent [...]                            InterlockedSpinLock.cs, ConcurrentBuddyHeap.cs,
#                                                                   ConcurrentReservedHeap.cs, killed by coyote-tests' unit
#                                                                   and plain-thread tests (not the Coyote explorations:
#                                                                   docs/mutation-testing.md says why)
#
# Useful extra options: -m '**/PackedRecord.cs' (one file; a later -m narrows nothing, so pass the area "files" instead),
# --since:main (only files changed since main). MUTATION_FILTER='...' replaces the area's test filter (vstest syntax),
# e.g. to leave out slow campaigns: docs/mutation-testing.md gives the one used for BuddyHeap.cs.
# Stryker builds and rewrites build outputs, so the run happens in a copy of the tracked files (under $MUTATION_DIR,
# default /tmp/verified-mutation) and never touches this tree's bin/ folders; the reports (html, json) are copied to
# StrykerOutput/<area>/ here (ignored by git). Run it niced: nice -n 15 scripts/mutation.sh heap
set -euo pipefail
cd "$(dirname "$0")/.."
area=${1:?usage: scripts/mutation.sh heap|balloon|concurrent [dotnet-stryker options]}; shift
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_ROLL_FORWARD=Major
export BALLOON_FUZZ_ITERATIONS="${BALLOON_FUZZ_ITERATIONS:-2000}"

case "$area" in
  heap)
    project=Buddy.csproj; tests=property-tests; testproject=PropertyTests.csproj
    mutate=(-m '**/BuddyHeap.cs' -m '**/BuddyHeap.Invariants.cs' -m '**/BuddyHeap.FreeMap.cs' -m '**/PackedRecord.cs' -m '**/ReservedHeap.cs')
    filter='FullyQualifiedName~Verified.PropertyTests.Heap|FullyQualifiedName~Verified.PropertyTests.DafnyOracle'
    ;;
  balloon)
    project=Balloon.csproj; tests=property-tests; testproject=PropertyTests.csproj
    mutate=(-m '**/BalloonDevice.cs' -m '**/DeviceVirtqueue.cs' -m '**/DriverVirtqueue.cs' -m '**/VirtqueueLayout.cs')
    filter='FullyQualifiedName~Verified.PropertyTests.Balloon'
    ;;
  concurrent)
    project=Buddy.csproj; tests=coyote-tests; testproject=CoyoteTests.csproj
    mutate=(-m '**/InterlockedSpinLock.cs' -m '**/ConcurrentBuddyHeap.cs' -m '**/ConcurrentReservedHeap.cs')
    # The Coyote explorations need assemblies rewritten by `coyote rewrite`; the assembly Stryker compiles with its
    # mutants is written into the test output after the build and is not rewritten, so they cannot run on it (see
    # docs/mutation-testing.md). What runs: the unit tests of the lock and the locked heap and the plain-thread stress.
    filter='FullyQualifiedName~Verified.CoyoteTests.Buddy&FullyQualifiedName!~ConcurrentHeapExplorationTests&FullyQualifiedName!~SeededRaceTests'
    ;;
  *) echo "unknown area '$area' (heap, balloon, concurrent)"; exit 2 ;;
esac
filter="${MUTATION_FILTER:-$filter}"
# Options given after the area replace the area's file list when they include -m/--mutate.
for arg in "$@"; do case "$arg" in -m|--mutate|-m=*|--mutate=*) mutate=() ;; esac; done

dotnet tool restore >/dev/null
work="${MUTATION_DIR:-/tmp/verified-mutation}/$area"
rm -rf "$work"; mkdir -p "$work"
git ls-files -z | xargs -0 cp --parents -t "$work"
# Files not yet committed are part of the run too (the run measures the tree as it is).
git ls-files -z --others --exclude-standard | xargs -0 -r cp --parents -t "$work"
out="$(pwd)/StrykerOutput/$area"
commit="$(git rev-parse --short HEAD)"
[ -z "$(git status --porcelain --untracked-files=normal -- src property-tests coyote-tests)" ] || commit+=" + uncommitted changes"
mkdir -p "$out"
cd "$work/$tests"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "commit $commit, test filter: $filter"
dotnet stryker --config-file ../stryker-config.json --project "$project" --test-project "$testproject" \
  "${mutate[@]}" --test-case-filter "$filter" --output "$work/out" "$@" && rc=0 || rc=$?
cp -r "$work/out/reports/." "$out/"
echo "started $started, finished $(date -u '+%Y-%m-%d %H:%M UTC'); reports in StrykerOutput/$area/"
exit $rc
