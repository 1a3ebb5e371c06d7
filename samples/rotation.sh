#!/usr/bin/env bash
# Rotation without a restart: project a Secret volume, start samples/RotatingApp on it, rotate the Secret,
# and watch the same process pick up the new connection string; then stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
volume="$work/volumes/secrets"   # secretprojection project writes ROOT/<volume name>/
log="$work/app.log"
app=""
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# project CONNECTION_STRING: the Secret app-db with that value, written by `secretprojection project` as the
# kubelet writes a secret volume (a new ..<timestamp> generation, published by one rename(2) of ..data).
project() {
  printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: app-db, namespace: shop}\nstringData:\n  Database__ConnectionString: "%s"\n' "$1" \
    | dotnet "$work/tool/SecretProjection.Tool.dll" project -f samples/manifests/rotation/pod.yaml -f - --root "$work/volumes" > /dev/null
  echo "projected generation $(readlink "$volume/..data")"
}

# wait_for PATTERN: until the app has logged PATTERN, ignoring case (at most a minute).
wait_for() {
  for _ in $(seq 600); do
    if grep -qi -- "$1" "$log"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $1" >&2
  cat "$log" >&2
  return 1
}

echo "# Building the tool and samples/RotatingApp"
dotnet build src/SecretProjection.Tool -c Release --nologo -v q -o "$work/tool" > /dev/null
dotnet build samples/RotatingApp -c Release --nologo -v q -o "$work/app" > /dev/null

echo "# 1. The Secret, version 1"
project "Host=db-1;Database=shop;Username=app;Password=first-secret"

echo "# 2. The app starts on it"
(cd "$work/app" && exec dotnet RotatingApp.dll --SecretsDirectory "$volume") > "$log" 2>&1 &
app=$!
wait_for "Host=db-1"

echo "# 3. The Secret is rotated"
project "Host=db-2;Database=shop;Username=app;Password=second-secret"
wait_for "rotated, connects with: .*Host=db-2"

echo "# 4. The app, still process $app, follows without a restart"
grep "connects with" "$log"
if grep -q -e first-secret -e second-secret "$log"; then
  echo "a secret value reached the log" >&2
  exit 1
fi

kill "$app"
wait "$app" || true
app=""
echo "# 5. App stopped"
