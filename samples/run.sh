#!/usr/bin/env bash
# The main job on the bundled inputs: validate the sample manifests as the API server would, plan the sample
# pod's volumes, project them into ./out as the kubelet lays them out, then rotate a Secret and show the swap.
set -euo pipefail
cd "$(dirname "$0")/.."
# Built once (its output shown only if it fails); each step then runs it without another restore and build check.
build=$(dotnet build src/SecretProjection.Tool -c Release --nologo -v q 2>&1) || { echo "$build"; exit 1; }
tool() { dotnet run --no-build --project src/SecretProjection.Tool -c Release --no-launch-profile -- "$@"; }
pod=(-f samples/manifests/pod.yaml -f samples/manifests/app-secrets.yaml)

tool validate -f samples/manifests/*.yaml

echo
echo "# The sample pod's volume plan: items, modes, fsGroup's 0400 -> 0440, a subPath mount that never updates:"
tool plan "${pod[@]}"

echo
echo "# Projected into ./out as the kubelet writes volumes (./out is recreated on each run):"
rm -rf out
tool project "${pod[@]}" --root out
ls -la out/db

echo
echo "# db-credentials is rotated: one new generation for db, published by one rename(2) of ..data; the rest is unchanged:"
tool project "${pod[@]}" -f samples/manifests/rotated/db-credentials.yaml --root out
ls -la out/db

echo
echo "# The invalid samples each break one rule (exit code 1 is expected):"
tool validate -f samples/manifests/invalid/*.yaml || [ $? -eq 1 ]
