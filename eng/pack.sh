#!/usr/bin/env bash
# Packs every shipped project into artifacts/ and checks each package from the outside: the nuspec metadata,
# the README, the XML docs, the symbols package and the source information in its PDBs.
#   bash eng/pack.sh                 build and pack
#   bash eng/pack.sh --no-build      pack what `dotnet build/test -c Release` already built (CI)
# With CI=true the build is deterministic (ContinuousIntegrationBuild) and the check requires it.
# The packages' version is eng/Version.props.
set -euo pipefail
cd "$(dirname "$0")/.."

# The shipped packages: one per project under src/; the tool's also has one per runtime that its package points at
# (ToolPackageRuntimeIdentifiers in its project file): precompiled for linux-x64, and the portable one for any other.
tool_rids=(linux-x64 any)
packages=(
  SecretProjection
  SecretProjection.Kubernetes
  SecretProjection.Linux
  SecretProjection.Hosting
  SecretProjection.Testing
  SecretProjection.Kubernetes.Testing
  SecretProjection.Extensions.Configuration
  SecretProjection.Tool
  "${tool_rids[@]/#/SecretProjection.Tool.}"
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
  [ -f "$snupkg" ] || [ "$id" = SecretProjection.Tool ] || problem "$id" "no symbols package $snupkg"
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  files=$(unzip -Z1 "$nupkg") # read whole: grep -q on a pipe would stop unzip early (a failure under pipefail)

  for element in '<license type="expression">Apache-2.0</license>' '<readme>PACKAGE.md</readme>' '<description>' '<tags>' '<repository type="git"'; do
    grep -qF "$element" <<<"$nuspec" || problem "$id" "the nuspec has no $element"
  done
  project=$id
  [[ $id != SecretProjection.Tool.* ]] || project=SecretProjection.Tool
  cmp -s <(unzip -p "$nupkg" PACKAGE.md) "src/$project/PACKAGE.md" || problem "$id" "PACKAGE.md is not src/$project/PACKAGE.md"

  case $id in
    SecretProjection.Tool)
      # What `dotnet tool install` reads first: the command, and the package of each runtime; no code of its own.
      settings=$(unzip -p "$nupkg" tools/any/any/DotnetToolSettings.xml)
      grep -qF '<packageType name="DotnetTool" />' <<<"$nuspec" || problem "$id" "not a dotnet tool package"
      grep -qF 'Command Name="secretprojection"' <<<"$settings" || problem "$id" "the command is not secretprojection"
      for rid in "${tool_rids[@]}"; do
        grep -qF "<RuntimeIdentifierPackage RuntimeIdentifier=\"$rid\" Id=\"$id.$rid\"" <<<"$settings" || problem "$id" "does not point at $id.$rid"
      done
      ! grep -q '\.dll$' <<<"$files" || problem "$id" "carries code: it should only point at the runtime packages"
      continue ;;
    SecretProjection.Tool.*)
      rid=${id#SecretProjection.Tool.} dir=tools/net10.0/${id#SecretProjection.Tool.} id=$project
      grep -qF '<packageType name="DotnetToolRidPackage" />' <<<"$nuspec" || problem "$id.$rid" "not a runtime package of a dotnet tool"
      grep -qF 'Command Name="secretprojection"' <<<"$(unzip -p "$nupkg" "$dir/DotnetToolSettings.xml")" || problem "$id.$rid" "the command is not secretprojection"
      if [ "$rid" != any ]; then
        # ReadyToRun: the precompiled code makes the assembly several times the size of the portable one's.
        r2r=$(unzip -l "$nupkg" "$dir/$id.dll" | awk 'NR == 4 { print $1 }')
        portable=$(unzip -l "artifacts/$id.any.$version.nupkg" "tools/net10.0/any/$id.dll" | awk 'NR == 4 { print $1 }')
        [ "${r2r:-0}" -gt "$((2 * ${portable:-0}))" ] || problem "$id.$rid" "$dir/$id.dll ($r2r bytes) is not precompiled (portable: $portable bytes)"
      fi ;;
    *)
      dir=lib/net10.0
      grep -qx "$dir/$id.xml" <<<"$files" || problem "$id" "no XML documentation $dir/$id.xml"
  esac
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
  printf '  %-42s %9d  symbols %8s\n' "$id" "$(stat -c %s "artifacts/$id.$version.nupkg")" "$(stat -c %s "artifacts/$id.$version.snupkg" 2>/dev/null || echo -)"
done
