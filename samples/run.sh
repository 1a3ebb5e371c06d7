#!/usr/bin/env bash
# The main job on the bundled inputs: check an application's workloads against their Secrets, validate the sample
# manifests as the API server would, plan the sample pod's volumes, project them into ./out as the kubelet lays
# them out, then rotate a Secret and show the swap.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
dll=src/SecretProjection.Tool/bin/Release/net10.0/SecretProjection.Tool.dll

# Built once, and only when a source is newer than the build (its output shown only if it fails); each step then
# runs the built tool directly, without dotnet run's restore and build checks.
# (bin/ and obj/ are left out: building another project touches them without changing the tool.)
if [ ! -f "$dll" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props eng/Version.props global.json \
    \( -name bin -o -name obj \) -prune -o -type f -newer "$dll" -print -quit)" ]; then
  echo "# Building the tool with 'dotnet build -c Release' (the first build restores packages and takes a few minutes)..."
  build=$(dotnet build src/SecretProjection.Tool -c Release --nologo -v q 2>&1) || { echo "$build"; exit 1; }
  echo "# Built in $((SECONDS - start)) s."
else
  echo "# The tool is built and up to date: $dll"
fi
tool() { dotnet "$dll" "$@"; }
pod=(-f samples/manifests/pod.yaml -f samples/manifests/app-secrets.yaml)

echo
echo "# Will the application in samples/manifests/app/ start? A Deployment, a StatefulSet and a CronJob with their"
echo "# Secrets and ConfigMaps; the CronJob reads a key its Secret does not have (exit code 1 is expected):"
status=0
tool check -f samples/manifests/app/ || status=$?
[ "$status" -eq 1 ] || { echo "check exited $status, expected 1 (the broken reference)"; exit 1; }
echo "# check exited 1: the CronJob cannot start."

echo
echo "# The sample manifests, validated as the API server would:"
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
echo
echo "# Done in $((SECONDS - start)) s."
