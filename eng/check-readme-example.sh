#!/usr/bin/env bash
# The README's "Use from code" example is the embedding sample's central method, PodProjector.Project, quoted
# word for word: fails when the two have drifted apart.
set -euo pipefail
cd "$(dirname "$0")/.."
method=$(awk '/^    public ProjectionReport Project\(/ { on = 1 } on { print substr($0, 5) } on && /^    }$/ { exit }' samples/Embedding/PodProjector.cs)
[ -n "$method" ] || { echo "eng/check-readme-example.sh: PodProjector.Project not found" >&2; exit 1; }
if ! python3 -c 'import sys; sys.exit(0 if sys.argv[1] in open("README.md").read() else 1)' "$method"; then
  echo "eng/check-readme-example.sh: README.md does not quote samples/Embedding/PodProjector.cs's Project method as it is:" >&2
  echo "$method" >&2
  exit 1
fi
