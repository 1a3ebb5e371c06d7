#!/usr/bin/env bash
# Rotation without a restart: project a Secret volume, start samples/RotatingApp on it, rotate the Secret,
# and watch the same process pick up the new connection string; then stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

volume=$(mktemp -d)
log=$(mktemp)
app=""
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi
  rm -rf "$volume" "$log"
}
trap cleanup EXIT

# project KEY=VALUE...: one generation in the kubelet's layout, swapped in atomically.
# Stand-in for `secretprojection project` until the atomic writer ships: stage ..<timestamp>/, link
# ..data_tmp to it, rename it over ..data (mv -T is rename(2)), add the visible links, drop the old generation.
project() {
  local generation old pair key
  generation="..$(date -u +%Y_%m_%d_%H_%M_%S).$RANDOM$RANDOM"
  old=$(readlink "$volume/..data" || true)
  mkdir "$volume/$generation"
  for pair in "$@"; do printf '%s' "${pair#*=}" > "$volume/$generation/${pair%%=*}"; done
  ln -s "$generation" "$volume/..data_tmp"
  mv -T "$volume/..data_tmp" "$volume/..data"
  for pair in "$@"; do
    key=${pair%%=*}
    [ -L "$volume/$key" ] || ln -s "..data/$key" "$volume/$key"
  done
  if [ -n "$old" ]; then rm -rf "${volume:?}/$old"; fi
  echo "projected generation $generation"
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

echo "# Building samples/RotatingApp"
dotnet build samples/RotatingApp -c Release --nologo -v q -o "$volume.app" > /dev/null
trap 'cleanup; rm -rf "$volume.app"' EXIT

echo "# 1. The Secret, version 1"
project Database__ConnectionString="Host=db-1;Database=shop;Username=app;Password=first-secret"

echo "# 2. The app starts on it"
(cd "$volume.app" && exec dotnet RotatingApp.dll --SecretsDirectory "$volume") > "$log" 2>&1 &
app=$!
wait_for "Host=db-1"

echo "# 3. The Secret is rotated"
project Database__ConnectionString="Host=db-2;Database=shop;Username=app;Password=second-secret"
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
