#!/usr/bin/env bash
# OpenAI's own clients, unchanged, against the emulator: @openai/agents (its Responses WebSocket model)
# and `codex exec` (pinned @openai/codex, a custom provider with supports_websockets = true). They are
# installed here, from this directory's lock file, so the main install stays light. openai 7.x (HTTP,
# ResponsesWS, session lanes) runs in the main suite (test/emulator/official-clients.test.ts).
# Bounded: the install and the run each have a timeout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/test/clients"
timeout 600 npm ci --no-audit --no-fund --loglevel=error
echo "clients: @openai/agents $(node -p "require('./node_modules/@openai/agents/package.json').version"), codex $(./node_modules/.bin/codex --version)"
cd "$root"
npx tsc --noEmit -p test/clients
timeout 600 npx vitest run --config test/clients/vitest.config.ts
