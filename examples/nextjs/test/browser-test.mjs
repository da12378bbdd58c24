/**
 * Drives the built Next.js app in Debian's Chromium: two turns of one chat against an emulator this
 * process starts; asserts on the page and, through the emulator's metrics, on what went over the wire.
 * Run by run-browser-test.sh after `next build`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createResponsesEmulator } from 'ai-sdk-openai-ws/testing';
import { chromium } from 'playwright-core';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

const emulator = await createResponsesEmulator({ timing: { outputTokensPerSecond: 2000 } });
const port = await freePort();
const env = {
  ...process.env,
  OPENAI_BASE_URL: emulator.baseURL,
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(port),
};
delete env.OPENAI_API_KEY;
const next = spawn(
  join(appDir, 'node_modules', '.bin', 'next'),
  ['start', '-p', String(port), '-H', '127.0.0.1'],
  {
    cwd: appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  },
);
let serverLog = '';
next.stdout.on('data', (chunk) => (serverLog += chunk));
next.stderr.on('data', (chunk) => (serverLog += chunk));

const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-'));
let browser;
const hardStop = setTimeout(() => {
  console.error('browser test: hard timeout');
  cleanup().finally(() => process.exit(1));
}, 120_000);

async function cleanup() {
  clearTimeout(hardStop);
  await browser?.close().catch(() => {});
  try {
    process.kill(-next.pid, 'SIGTERM');
  } catch {}
  await emulator.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

try {
  await waitForHttp(`http://127.0.0.1:${port}/`, 30_000);
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 900, height: 1000 },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(`http://127.0.0.1:${port}/`);

  // Turn 1: the demo model calls both tools, then answers.
  await page.getByTestId('prompt').fill('What should I pack for Oslo?');
  await page.getByTestId('send').click();
  await page.locator('[data-testid=message-assistant] [data-testid=text]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=send]')?.disabled);
  const toolNames = await page
    .locator('[data-testid=tool-call]')
    .evaluateAll((nodes) => nodes.map((n) => n.dataset.tool));
  check('turn 1 shows both tool calls', toolNames.join(',') === 'weather,packing', toolNames.join(','));
  const answer1 = await page
    .locator('[data-testid=message-assistant] [data-testid=text]')
    .last()
    .textContent();
  check(
    'turn 1 shows the answer built from the tool results',
    /weather: .*°C/.test(answer1 ?? ''),
    answer1 ?? '',
  );
  const steps1 = await page
    .locator('[data-testid=step]')
    .evaluateAll((nodes) => nodes.map((n) => n.dataset.continued));
  check('turn 1 steps: full, then continued', steps1.join(',') === 'false,true,true', steps1.join(','));
  const turn1Requests = emulator.metrics.requests.length;

  // Turn 2 in the same chat.
  await page.getByTestId('prompt').fill('And for Lisbon?');
  await page.getByTestId('send').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=message-assistant]').length === 2);
  await page.waitForFunction(() => !document.querySelector('[data-testid=send]')?.disabled);
  await page.locator('[data-testid=message-assistant]').nth(1).locator('[data-testid=text]').last().waitFor();
  await page.screenshot({ path: join(appDir, 'test', 'screenshot.png'), fullPage: true });

  const requests = emulator.metrics.requests;
  const firstOfTurn2 = requests[turn1Requests];
  check(
    'turn 2 continued the previous response incrementally',
    firstOfTurn2?.previousResponseId !== undefined && firstOfTurn2.cacheHit === true,
    `previous_response_id ${firstOfTurn2?.previousResponseId ?? 'none'}, cacheHit ${firstOfTurn2?.cacheHit}`,
  );
  const fullHistory = requests[turn1Requests - 1].inputItems; // turn 1's last request was itself a tail
  check(
    'turn 2 sent only the new user message',
    firstOfTurn2?.inputItems === 1,
    `${firstOfTurn2?.inputItems} item(s) sent (the last request of turn 1 sent ${fullHistory})`,
  );
  const steps2 = await page
    .locator('[data-testid=message-assistant]')
    .nth(1)
    .locator('[data-testid=step]')
    .evaluateAll((nodes) => nodes.map((n) => n.dataset.continued));
  check(
    'turn 2 steps are all continued on the page',
    steps2.length > 0 && steps2.every((c) => c === 'true'),
    steps2.join(','),
  );
  check(
    'every request went over one WebSocket',
    emulator.metrics.connections === 1 && requests.every((r) => r.transport === 'ws'),
    `${emulator.metrics.connections} connection(s)`,
  );
} catch (error) {
  check('browser run', false, error instanceof Error ? error.message : String(error));
  console.error(serverLog.slice(-3000));
} finally {
  await cleanup();
}

const failed = results.filter((result) => !result.ok).length;
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
