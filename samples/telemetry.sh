#!/usr/bin/env bash
# The node agent as a hosted service with OpenTelemetry: samples/Telemetry runs AddSecretProjectionAgent against a
# loopback API server with one pod on node-1, reports readiness from the health checks, rotates the pod's Secret,
# and exports the spans and metrics to the console. Exits non-zero unless the projection after the rotation is a
# secretprojection.volume.project span linked to the secretprojection.object.change span of the rotation.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp)
trap 'rm -f "$out"' EXIT
dotnet run --project samples/Telemetry -c Release | tee "$out" | grep -E '^(event|readiness):'
change=$(awk '/Activity.SpanId:/ { span = $2 } /Activity.DisplayName: +secretprojection.object.change/ { print span; exit }' "$out")
if [ -z "$change" ] || ! grep -A40 'trigger: change' "$out" | grep -q "Links:" || ! grep -qE "^ +[0-9a-f]{32} $change\$" "$out"; then
  echo "samples/telemetry.sh: no volume.project span linked to the object.change span" >&2
  exit 1
fi
echo "secretprojection.volume.project (trigger change) is linked to secretprojection.object.change $change"
