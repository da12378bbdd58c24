#!/usr/bin/env bash
# The Next.js example in a real browser. Run from anywhere after the root `npm ci`.
# Installs Debian's Chromium when it is missing (CI machines start without it).
set -euo pipefail
cd "$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1
if [ ! -x /usr/bin/chromium ]; then
  echo 'installing Debian chromium'
  # CI runs as root; a developer's machine needs sudo.
  sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# The app consumes the package from the repository root (`file:../..`): build its dist/ (a few seconds),
# so the test never runs against a stale one.
(cd ../.. && npm run build --silent >/dev/null)
npm ci --no-audit --no-fund --loglevel=error
npx next build
timeout 300 node test/browser-test.mjs
