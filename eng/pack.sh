#!/usr/bin/env bash
# Packs every shipped project into artifacts/ and checks each package from the outside: the nuspec metadata,
# the README, the XML docs, the symbols package and the source information in its PDBs.
#   bash eng/pack.sh                 build and pack
#   bash eng/pack.sh --no-build      pack what `dotnet build/test -c Release` already built (CI)
# With CI=true the build is deterministic (ContinuousIntegrationBuild) and the check requires it.
# The packages' version is eng/Version.props.
set -euo pipefail
cd "$(dirname "$0")/.."

# The shipped packages: one per project under src/.
packages=(
  SecretProjection
  SecretProjection.Kubernetes
  SecretProjection.Linux
  SecretProjection.Hosting
  SecretProjection.Testing
  SecretProjection.Kubernetes.Testing
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
  files=$(unzip -Z1 "$nupkg") # read whole: grep -q on a pipe would stop unzip early (a failure under pipefail)

  for element in '<license type="expression">Apache-2.0</license>' '<readme>PACKAGE.md</readme>' '<description>' '<tags>' '<repository type="git"'; do
    grep -qF "$element" <<<"$nuspec" || problem "$id" "the nuspec has no $element"
  done
  cmp -s <(unzip -p "$nupkg" PACKAGE.md) "src/$id/PACKAGE.md" || problem "$id" "PACKAGE.md is not src/$id/PACKAGE.md"

  if [ "$id" = SecretProjection.Tool ]; then
    dir=tools/net10.0/any
    grep -qF '<packageType name="DotnetTool" />' <<<"$nuspec" || problem "$id" "not a dotnet tool package"
    grep -qF 'Command Name="secretprojection"' <<<"$(unzip -p "$nupkg" "$dir/DotnetToolSettings.xml")" || problem "$id" "the command is not secretprojection"
  else
    dir=lib/net10.0
    grep -qx "$dir/$id.xml" <<<"$files" || problem "$id" "no XML documentation $dir/$id.xml"
  fi
  grep -qx "$dir/$id.dll" <<<"$files" || problem "$id" "no $dir/$id.dll"
  [ ! -f "$snupkg" ] || grep -qx "$dir/$id.pdb" <<<"$(unzip -Z1 "$snupkg")" || problem "$id" "no $dir/$id.pdb in the symbols package"
done

# Debugging: every document of every PDB must be reachable by a debugger, through the source link (a hosted
# remote) or embedded in the PDB (no remote, see eng/Symbols.targets); in CI, by deterministic /_/ paths only.
deterministic=()
[ "${CI:-}" != true ] || deterministic=(--deterministic)
echo "== symbols:"
dotnet run eng/inspect-symbols.cs -- "${deterministic[@]}" artifacts/*.snupkg || problem "symbols" "see above"

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
