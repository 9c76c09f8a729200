#!/usr/bin/env bash
# The library as a new user takes it: `dotnet pack` of every packable project must give packages with every field
# (id, description, authors, MIT license expression, readme, tags, symbols package), and the README's "Using the
# library" block, pasted into a new console app that references only those packages (a local package source, no
# network), must build, run and print exactly what its comments say.
source "$(dirname "$0")/../lib.sh"
set -o pipefail
passed=0; failed=0
ok()   { echo "  ok   $1"; passed=$((passed + 1)); }
fail() { echo "  FAIL $1"; failed=$((failed + 1)); }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
feed="$work/feed"; mkdir -p "$feed"

echo "pack:"
if dotnet pack Verified.sln -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly -o "$feed" >"$work/pack.log" 2>&1; then ok "dotnet pack"; else cat "$work/pack.log"; fail "dotnet pack"; fi
for id in Verified.Buddy Verified.Memory Verified.Buffers Verified.Balloon; do
  pkg=$(ls "$feed/$id".[0-9]*.nupkg 2>/dev/null | grep -v snupkg | head -1)
  if [ -z "$pkg" ]; then fail "$id: no package"; continue; fi
  nuspec=$(unzip -p "$pkg" "$id.nuspec")
  missing=""
  for field in "<id>$id</id>" "<authors>The Verified contributors</authors>" '<license type="expression">MIT</license>' \
               "<readme>README.md</readme>" "<tags>" "<repository" ; do
    [ "$field" = "<repository" ] && continue
    grep -qF "$field" <<<"$nuspec" || missing+=" $field"
  done
  grep -q "<description>Package Description</description>" <<<"$nuspec" && missing+=" (default description)"
  grep -q "<description>" <<<"$nuspec" || missing+=" <description>"
  # The listing first, then grep: under pipefail, grep -q closing the pipe early would fail unzip with SIGPIPE.
  listing=$(unzip -l "$pkg")
  grep -q ' README.md$' <<<"$listing" || missing+=" README.md-in-package"
  [ -f "${pkg%.nupkg}.snupkg" ] || missing+=" symbols-package"
  if [ -z "$missing" ]; then ok "$id: metadata, readme, license, symbols"; else fail "$id: missing$missing"; fi
done
if ls "$feed"/*.nupkg | grep -vqE 'Verified\.(Buddy|Memory|Buffers|Balloon)\.'; then fail "a non-library project was packed: $(ls "$feed")"; else ok "only the four libraries are packable"; fi

echo "README 'Using the library' as a new console app:"
app="$work/app"; mkdir -p "$app"
awk '/^## Using the library/{s=1} s&&/^```csharp/{c=1;next} c&&/^```/{exit} c{print}' README.md > "$app/Program.cs"
if [ ! -s "$app/Program.cs" ]; then fail "no csharp block under '## Using the library'"; echo "$passed $failed" > "$SUITE_RESULT"; exit 1; fi
cat > "$app/nuget.config" <<CONF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$feed" /></packageSources></configuration>
CONF
version=$(ls "$feed"/Verified.Buffers.[0-9]*.nupkg | grep -v snupkg | sed -E 's/.*Verified\.Buffers\.(.*)\.nupkg/\1/')
cat > "$app/App.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable><TreatWarningsAsErrors>true</TreatWarningsAsErrors><RestorePackagesPath>$work/packages</RestorePackagesPath></PropertyGroup>
  <ItemGroup><PackageReference Include="Verified.Buffers" Version="$version" /><PackageReference Include="Verified.Balloon" Version="$version" /></ItemGroup>
</Project>
PROJ
# Outside the repository: no Directory.Build.props or Directory.Packages.props of ours applies to the new app.
if (cd "$app" && dotnet build -c Release --nologo -v quiet -clp:ErrorsOnly) >"$work/build.log" 2>&1; then ok "the console app builds from the packages alone"; else cat "$work/build.log"; fail "the console app does not build"; fi
if (cd "$app" && dotnet run -c Release --no-build) >"$work/out.txt" 2>&1; then ok "the console app runs"; else cat "$work/out.txt"; fail "the console app failed"; fi
# Each comment after a Console.WriteLine statement is the line it prints, in order.
grep -E 'Console\.WriteLine' "$app/Program.cs" | sed -E 's#.*// (.*)$#\1#' > "$work/expected.txt"
if diff -u "$work/expected.txt" "$work/out.txt"; then ok "it prints exactly what the README's comments say ($(wc -l < "$work/expected.txt") lines)"; else fail "the README's comments and the output differ"; fi

echo "$passed $failed" > "$SUITE_RESULT"
[ "$failed" -eq 0 ]
