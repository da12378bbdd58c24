#!/usr/bin/env bash
# The repository's test suites (every file `npm test` runs) on the ai@7 line: Node 24, and ai@7 with
# @ai-sdk/openai@4 from this directory's lockfile, resolved for the root's test files and sources by
# vitest.config.ts. Then the Node example (npm run demo) on the same line. Extra arguments go to vitest
# (e.g. a test path).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
node24=$(bash "$here/../node24.sh")
(cd "$here" && npm --no-audit --no-fund --loglevel=error ci >/dev/null)
echo "ai@7 line: node $("$node24/node" --version), ai $(node -p "require('$here/node_modules/ai/package.json').version"), @ai-sdk/openai $(node -p "require('$here/node_modules/@ai-sdk/openai/package.json').version")"
cd "$root"
PATH="$node24:$PATH" node node_modules/vitest/vitest.mjs run --config test/compat/ai7/vitest.config.ts "$@"
if [ "$#" -eq 0 ]; then
  echo '--- examples/node (npm run demo) on the ai@7 line'
  PATH="$node24:$PATH" NODE_OPTIONS="--import=$here/register-resolve-hooks.mjs" npm run demo
fi
