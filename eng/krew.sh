#!/usr/bin/env bash
# Builds the kubectl plugin's archive for krew and its manifest:
#   bash eng/krew.sh URI      (URI: where the archive will be published)
# writes artifacts/krew/kubectl-secretprojection.tar.gz (the tool, framework-dependent, with the launcher) and
# artifacts/krew/secretprojection.yaml (src/SecretProjection.Tool/krew/secretprojection.yaml with the version, URI and
# the archive's sha256). Then: kubectl krew install --manifest=artifacts/krew/secretprojection.yaml --archive=artifacts/krew/kubectl-secretprojection.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
uri=${1:?usage: bash eng/krew.sh URI}
out=artifacts/krew
rm -rf "$out" && mkdir -p "$out/files"
dotnet publish src/SecretProjection.Tool -c Release -p:UseAppHost=false -o "$out/files" --nologo -v q
version=v$(dotnet msbuild src/SecretProjection.Tool/SecretProjection.Tool.csproj -getProperty:Version)
tar -C "$out/files" -czf "$out/kubectl-secretprojection.tar.gz" .
sha=$(sha256sum "$out/kubectl-secretprojection.tar.gz" | cut -d' ' -f1)
sed -e "s|VERSION|$version|; s|URI|$uri|; s|SHA256|$sha|" src/SecretProjection.Tool/krew/secretprojection.yaml > "$out/secretprojection.yaml"
echo "$out/kubectl-secretprojection.tar.gz ($sha) and $out/secretprojection.yaml"
