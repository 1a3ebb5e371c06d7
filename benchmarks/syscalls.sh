#!/usr/bin/env bash
# System calls per writer operation, counted with strace: load-independent figures for benchmarks/README.md.
# Usage: benchmarks/syscalls.sh [KEYS...]   (default: 1 10 100; FSGROUP=2000 adds a writer with an fsGroup)
# Each method runs COUNT times (default 20) after a warm-up, each invocation between two marker look-ups;
# only the file and descriptor system calls of the thread that made the markers are counted.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 2; }
count=${COUNT:-20}
keys=("${@:-1 10 100}")
read -r -a keys <<<"${keys[*]}"
dotnet build benchmarks/SecretProjection.Benchmarks -c Release -v q -nologo >/dev/null
dll=benchmarks/SecretProjection.Benchmarks/bin/Release/net10.0/SecretProjection.Benchmarks.dll
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for n in "${keys[@]}"; do
  for method in Floor FirstWrite OneKeyUpdate UnchangedRewrite UnchangedRewriteByNewWriter; do
    strace -f -qq -e trace=%file,%desc -o "$log" dotnet "$dll" --syscall-probe "$method" "$n" "$count" ${FSGROUP:-} >/dev/null
    breakdown=$(awk -v count="$count" '
      / = / || /<unfinished/ {
        tid = $1; call = $2; sub(/\(.*/, "", call)
        if (index($0, "\"/secretprojection-syscall-probe/begin\"")) { inside[tid] = 1; next }
        if (index($0, "\"/secretprojection-syscall-probe/end\"")) { inside[tid] = 0; next }
        if (inside[tid] && call !~ /^</) { calls[call]++; total++ }
      }
      END {
        printf "total=%g\n", total / count
        for (call in calls) printf "%s=%g\n", call, calls[call] / count
      }' "$log" | sort -t= -k1,1 | paste -sd' ')
    printf '%-16s keys=%-3s %s\n' "$method" "$n" "$breakdown"
  done
done
