#!/usr/bin/env bash
# A rotation propagating: samples/LoopbackCluster serves the sample manifests as a Kubernetes API server on
# 127.0.0.1, `secretprojection sync` keeps the sample pod shop/web's volumes in step with it, and the rotated
# db-credentials Secret is applied as `kubectl apply` would: the sync line, the swapped ..data and the changed
# file's checksum show it arrive (never its value). Then both are stopped. Exits non-zero if it does not arrive.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
volumes="$work/volumes"   # secretprojection sync writes ROOT/<volume name>/
cluster="" sync=""
cleanup() {
  if [ -n "$sync" ]; then kill "$sync" 2>/dev/null || true; fi
  if [ -n "$cluster" ]; then kill "$cluster" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# wait_for FILE PATTERN: until FILE holds a line matching PATTERN (at most 30 s).
wait_for() {
  for _ in $(seq 300); do
    if grep -q -- "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $2" >&2
  cat "$work"/*.log >&2
  return 1
}

# fingerprint FILE: its size and the start of its SHA-256, never its bytes.
fingerprint() { echo "$(wc -c < "$1") bytes, sha256 $(sha256sum "$1" | cut -c1-16)…"; }

echo "# Building the tool and samples/LoopbackCluster"
dotnet build src/SecretProjection.Tool -c Release --nologo -v q > /dev/null
dotnet build samples/LoopbackCluster -c Release --nologo -v q > /dev/null
tool=src/SecretProjection.Tool/bin/Release/net10.0/SecretProjection.Tool.dll
started=$SECONDS

echo "# 1. A loopback API server with samples/manifests/*.yaml"
mkfifo "$work/cluster.in"
dotnet samples/LoopbackCluster/bin/Release/net10.0/LoopbackCluster.dll --kubeconfig "$work/kubeconfig" --namespace shop samples/manifests/*.yaml \
  < "$work/cluster.in" > "$work/cluster.log" 2>&1 &
cluster=$!
exec 3> "$work/cluster.in"   # its standard input: "apply FILE" lines; closing it stops the server
wait_for "$work/cluster.log" "^Ready"
sed 's/^/    /' "$work/cluster.log"

echo "# 2. secretprojection sync --kubeconfig KUBECONFIG --namespace shop --pod web --root $volumes"
dotnet "$tool" sync --kubeconfig "$work/kubeconfig" --namespace shop --pod web --root "$volumes" \
  > "$work/sync.log" 2> "$work/sync-stderr.log" 3>&- &
sync=$!
wait_for "$work/sync.log" "volume all-in-one written"
sed 's/^/    /' "$work/sync-stderr.log" "$work/sync.log"
before=$(readlink "$volumes/db/..data")
echo "    db/..data -> $before; db/auth/password: $(fingerprint "$volumes/db/auth/password")"

# A change within a second of a volume's last projection waits for the second's end (sync's rate limit per
# volume); let it pass, so that what follows shows how fast a change on its own arrives.
sleep 1
echo "# 3. kubectl apply -f samples/manifests/rotated/db-credentials.yaml, to the loopback server"
lines=$(wc -l < "$work/sync.log")
applied=$(date +%s%3N)
echo "apply samples/manifests/rotated/db-credentials.yaml" >&3
wait_for "$work/cluster.log" "secret/db-credentials configured"
grep "secret/db-credentials configured" "$work/cluster.log" | sed 's/^/    /'
wait_for "$work/sync.log" "volume db written: .* after Secret shop/db-credentials changed"
tail -n +"$((lines + 1))" "$work/sync.log" | sed 's/^/    /'
written=$(grep "volume db written: .* after Secret shop/db-credentials changed" "$work/sync.log" | cut -d' ' -f1)
after=$(readlink "$volumes/db/..data")
echo "    db/..data -> $after; db/auth/password: $(fingerprint "$volumes/db/auth/password")"
echo "    the new generation was published $(($(date -d "$written" +%s%3N) - applied)) ms after the apply; the old one is gone:"
ls -A "$volumes/db" | sed 's/^/      /'
if [ "$before" = "$after" ] || [ -e "$volumes/db/$before" ]; then
  echo "the rotation did not swap ..data" >&2
  exit 1
fi
if grep -q -e s3cr3t-v1 -e s3cr3t-v2 "$work"/*.log; then
  echo "a secret value reached the output" >&2
  exit 1
fi

echo "# 4. Stopped: sync by SIGTERM (the volumes stay, as the kubelet leaves them), the server by the end of its input"
kill -TERM "$sync"
status=0
wait "$sync" || status=$?
sync=""
tail -n 1 "$work/sync-stderr.log" | sed 's/^/    /'
exec 3>&-
wait "$cluster"
cluster=""
if [ "$status" -ne 0 ]; then
  echo "secretprojection sync exited with $status" >&2
  exit 1
fi
echo "# Done in $((SECONDS - started)) s after the build"
