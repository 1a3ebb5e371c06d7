#!/usr/bin/env bash
# Records every new public member of the shipped libraries in their PublicAPI.Unshipped.txt
# (the analyzer's own code fix, applied project by project). Review the diff: each line is a decision.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  name=$(basename "$project")
  [ -f "$project/PublicAPI.Unshipped.txt" ] || continue
  dotnet format analyzers "$project/$name.csproj" --diagnostics RS0016 --severity warn
done
