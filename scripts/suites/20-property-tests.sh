#!/usr/bin/env bash
# FsCheck property and model-based tests of the heap (and, later, the balloon).
source "$(dirname "$0")/../lib.sh"
run_dotnet_tests property-tests/PropertyTests.csproj
