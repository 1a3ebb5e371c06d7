#!/usr/bin/env bash
# CI smoke run: every benchmark once with BenchmarkDotNet's Dry job (one iteration, no warm-up), in this
# process (--inProcess: no project generated and built per benchmark), so that none rots. It measures
# nothing and fails only when a benchmark is broken (its build, setup or run throws, or no benchmark ran),
# never because the machine is slow. Extra arguments go to BenchmarkDotNet (e.g. --filter '*Writer*'). Then the
# manifest probe once, at a twentieth of its sizes: the tool as a process on generated inputs (it fails only when
# the tool fails on them). Then the startup probe, twice: the tool's CPU time against kubectl's (no verdict on speed).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
dotnet build benchmarks/SecretProjection.Benchmarks -c Release -v q -nologo >/dev/null
dotnet build src/SecretProjection.Tool -c Release -v q -nologo >/dev/null
artifacts=$(mktemp -d)
log="$artifacts/smoke.log"
trap 'rm -rf "$artifacts"' EXIT
set +e
dotnet run -c Release --no-build --project benchmarks/SecretProjection.Benchmarks -- \
  --filter '*' --job dry --inProcess --join --artifacts "$artifacts" --disableLogFile "$@" >"$log" 2>&1
status=$?
set -e
ran=$(sed -n 's/.*executed benchmarks: \([0-9]*\).*/\1/p' "$log" | tail -1)
if [ "$status" -ne 0 ] || [ "${ran:-0}" -eq 0 ]; then
  cat "$log"
  echo "benchmark smoke run: FAILED (exit $status, ${ran:-0} benchmarks ran)" >&2
  exit 1
fi
probe_start=$SECONDS
if ! dotnet benchmarks/SecretProjection.Benchmarks/bin/Release/net10.0/SecretProjection.Benchmarks.dll \
  --manifest-probe --scale 20 --rounds 1 >"$artifacts/probe.log" 2>&1; then
  cat "$artifacts/probe.log"
  echo "benchmark smoke run: the manifest probe FAILED" >&2
  exit 1
fi
startup_start=$SECONDS
if ! bash benchmarks/startup.sh --runs 2 --no-build >"$artifacts/startup.log" 2>&1; then
  cat "$artifacts/startup.log"
  echo "benchmark smoke run: the startup probe FAILED" >&2
  exit 1
fi
cat "$artifacts/startup.log"
echo "benchmark smoke run: ${ran} benchmarks ran once, none broken; the manifest probe ran ($((SECONDS - probe_start)) s); the startup probe ran ($((SECONDS - startup_start)) s); $((SECONDS - start)) s in all"
