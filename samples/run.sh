#!/usr/bin/env bash
# The main job on the bundled inputs: validate every sample manifest as the API server would.
set -euo pipefail
cd "$(dirname "$0")/.."
tool() { dotnet run --project src/SecretProjection.Tool -c Release -- "$@"; }

tool validate -f samples/manifests/*.yaml

echo
echo "# The sample pod's volume plan: items, modes, fsGroup's 0400 -> 0440, a subPath mount that never updates:"
tool plan -f samples/manifests/pod.yaml -f samples/manifests/app-secrets.yaml

echo
echo "# The invalid samples each break one rule (exit code 1 is expected):"
tool validate -f samples/manifests/invalid/*.yaml || [ $? -eq 1 ]
