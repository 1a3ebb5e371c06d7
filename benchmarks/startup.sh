#!/usr/bin/env bash
# Starting the tool (see "Starting the tool" in benchmarks/README.md): the CPU time (user + system, never wall
# time) of `secretprojection validate -f one.yaml` against a comparable offline kubectl command, measured side by
# side in this run, runs interleaved, with the ratio of the means. It measures and prints; it never fails on speed,
# only when a tool fails. Without kubectl it says so, measures the tool alone and exits 0.
#   bash benchmarks/startup.sh                      the tool as built (bin/Release, framework-dependent, JIT)
#   bash benchmarks/startup.sh --publish            and as published for this machine with ReadyToRun
#   bash benchmarks/startup.sh --tool NAME=PATH     and any other build of it (an installed tool, an AOT binary)
#   bash benchmarks/startup.sh --runs N             N timed runs of each (default 10), after one untimed run
#   bash benchmarks/startup.sh --no-build           the tool as already built (benchmarks/smoke.sh built it)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10 publish=false build=true
names=() commands=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --publish) publish=true; shift ;;
    --no-build) build=false; shift ;;
    --tool) names+=("${2%%=*}"); commands+=("${2#*=}"); shift 2 ;;
    *) echo "benchmarks/startup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
! $build || dotnet build src/SecretProjection.Tool -c Release -v q -nologo >/dev/null
names=("built (JIT)" "${names[@]}") commands=("src/SecretProjection.Tool/bin/Release/net10.0/SecretProjection.Tool" "${commands[@]}")
if $publish; then
  rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
  dotnet publish src/SecretProjection.Tool -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$work/r2r" -v q -nologo >/dev/null
  names+=("published $rid, ReadyToRun") commands+=("$work/r2r/SecretProjection.Tool")
fi

# One Secret as `kubectl create secret generic x --from-literal=a=b --dry-run=client -o yaml` writes it.
cat >"$work/one.yaml" <<'EOF'
apiVersion: v1
data:
  a: Yg==
kind: Secret
metadata:
  name: x
EOF

kubectl=(kubectl create secret generic x --from-literal=a=b --dry-run=client -o yaml)
if command -v kubectl >/dev/null; then
  names=("kubectl" "${names[@]}") commands=("kubectl" "${commands[@]}")
else
  echo "kubectl is not installed: the tool is measured alone, with no ratio"
fi

# Seconds of CPU (user + system) of one run; the command's own output is discarded, its failure is fatal.
cpu() {
  local TIMEFORMAT='%3U %3S' times
  if [ "$1" = kubectl ]; then
    times=$({ time "${kubectl[@]}" >/dev/null 2>&1; } 2>&1) || { echo "benchmarks/startup.sh: ${kubectl[*]} failed" >&2; exit 1; }
  else
    times=$({ time "$1" validate -f "$work/one.yaml" >/dev/null 2>&1; } 2>&1) ||
      { echo "benchmarks/startup.sh: $1 validate -f one.yaml failed" >&2; "$1" validate -f "$work/one.yaml" >&2 || true; exit 1; }
  fi
  awk '{ print $1 + $2 }' <<<"$times"
}

declare -a sums
for i in "${!commands[@]}"; do cpu "${commands[$i]}" >/dev/null; sums[i]=0; done   # warm the page cache
for ((run = 0; run < runs; run++)); do
  for i in "${!commands[@]}"; do
    sums[i]=$(awk -v s="${sums[i]}" -v t="$(cpu "${commands[$i]}")" 'BEGIN { print s + t }')
  done
done

echo "CPU time (user + system) per run, mean of $runs interleaved runs on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)):"
base=
[ "${names[0]}" != kubectl ] || base=$(awk -v s="${sums[0]}" -v n="$runs" 'BEGIN { print s / n }')
for i in "${!commands[@]}"; do
  mean=$(awk -v s="${sums[i]}" -v n="$runs" 'BEGIN { printf "%.3f", s / n }')
  if [ -n "$base" ] && [ "${names[i]}" != kubectl ]; then
    ratio=$(awk -v m="$mean" -v b="$base" 'BEGIN { printf "%.2fx kubectl (target <= 1.5x)", m / b }')
  else
    ratio=""
  fi
  printf '  %-50s %s s  %s\n' "${names[i]}" "$mean" "$ratio"
done
