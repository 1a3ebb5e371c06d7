#!/usr/bin/env bash
# Packs every shipped project into artifacts/ and checks each package from the outside: the nuspec metadata,
# the README, the XML docs, the symbols package and the debugging information in its PDB.
#   bash eng/pack.sh                 build and pack
#   bash eng/pack.sh --no-build      pack what `dotnet build/test -c Release` already built (CI)
# With CI=true the build is deterministic (ContinuousIntegrationBuild) and the check requires it.
set -euo pipefail
cd "$(dirname "$0")/.."

# The shipped packages: one per project under src/.
packages=(
  SecretProjection
  SecretProjection.Kubernetes
  SecretProjection.Linux
  SecretProjection.Testing
  SecretProjection.Extensions.Configuration
  SecretProjection.Tool
)

version=$(dotnet msbuild src/SecretProjection/SecretProjection.csproj -getProperty:Version)
rm -rf artifacts
dotnet pack SecretProjection.sln -c Release -warnaserror "$@"

problems=0
problem() { echo "eng/pack.sh: $1: $2" >&2; problems=$((problems + 1)); }

for id in "${packages[@]}"; do
  nupkg=artifacts/$id.$version.nupkg
  snupkg=artifacts/$id.$version.snupkg
  [ -f "$nupkg" ] || { problem "$id" "no $nupkg"; continue; }
  [ -f "$snupkg" ] || problem "$id" "no symbols package $snupkg"
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  files=$(unzip -Z1 "$nupkg")

  for element in '<license type="expression">Apache-2.0</license>' '<readme>PACKAGE.md</readme>' '<description>' '<tags>' '<repository type="git"'; do
    grep -qF "$element" <<<"$nuspec" || problem "$id" "the nuspec has no $element"
  done
  cmp -s <(unzip -p "$nupkg" PACKAGE.md) "src/$id/PACKAGE.md" || problem "$id" "PACKAGE.md is not src/$id/PACKAGE.md"

  if [ "$id" = SecretProjection.Tool ]; then
    dir=tools/net10.0/any
    grep -qF '<packageType name="DotnetTool" />' <<<"$nuspec" || problem "$id" "not a dotnet tool package"
    unzip -p "$nupkg" "$dir/DotnetToolSettings.xml" | grep -qF 'Command Name="secretprojection"' || problem "$id" "the command is not secretprojection"
  else
    dir=lib/net10.0
    grep -qx "$dir/$id.xml" <<<"$files" || problem "$id" "no XML documentation $dir/$id.xml"
  fi
  grep -qx "$dir/$id.dll" <<<"$files" || problem "$id" "no $dir/$id.dll"

  # Debugging: with a hosted remote, the PDB's source link maps /_/ to the commit's files; without one (a
  # local clone), the PDB embeds the sources instead (eng/Symbols.targets). Either way a debugger finds them.
  pdb=$(mktemp)
  unzip -p "$snupkg" "$dir/$id.pdb" >"$pdb" 2>/dev/null || problem "$id" "no $dir/$id.pdb in the symbols package"
  if grep -qF '<repository type="git" url=' <<<"$nuspec"; then
    LC_ALL=C grep -qa '{"documents":{"/_/\*":"' "$pdb" || problem "$id" "the nuspec has a repository URL but the PDB has no source link"
  else
    # The embedded-source custom debug information GUID, 0E8A571B-6926-466E-B4AD-8AB04611F5FE, in the #GUID heap.
    LC_ALL=C grep -qaP '\x1B\x57\x8A\x0E\x26\x69\x6E\x46\xB4\xAD\x8A\xB0\x46\x11\xF5\xFE' "$pdb" || problem "$id" "no source link and no embedded sources in the PDB"
  fi
  rm -f "$pdb"

  # Deterministic build: the DLL names its PDB by the mapped path /_/..., not by this clone's directory.
  if [ "${CI:-}" = true ]; then
    dll=$(mktemp)
    unzip -p "$nupkg" "$dir/$id.dll" >"$dll"
    LC_ALL=C grep -qaF "/_/src/$id/obj/" "$dll" || problem "$id" "not a deterministic (ContinuousIntegrationBuild) build"
    rm -f "$dll"
  fi
done

extra=$(find artifacts -maxdepth 1 -name '*.nupkg' | sed 's#artifacts/##; s#\.'"$version"'\.nupkg$##' | sort | comm -13 <(printf '%s\n' "${packages[@]}" | sort) -)
[ -z "$extra" ] || problem "artifacts" "unexpected packages: $extra"

if [ "$problems" -gt 0 ]; then
  echo "eng/pack.sh: $problems problem(s)" >&2
  exit 1
fi
echo "== packages $version in artifacts/ (bytes):"
for id in "${packages[@]}"; do
  printf '  %-42s %9d  symbols %8d\n' "$id" "$(stat -c %s "artifacts/$id.$version.nupkg")" "$(stat -c %s "artifacts/$id.$version.snupkg")"
done
