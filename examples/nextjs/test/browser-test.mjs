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

  const assistant = (turn) => page.locator('[data-testid=message-assistant]').nth(turn);
  const stepsOf = (turn) =>
    assistant(turn)
      .locator('[data-testid=step]')
      .evaluateAll((nodes) =>
        nodes.map((n) => ({
          continued: n.dataset.continued === 'true',
          sent: Number(n.dataset.itemsSent),
          total: Number(n.dataset.itemsTotal),
        })),
      );
  /** Sends a prompt and waits until the chat is idle again with `turn + 1` assistant messages. */
  async function ask(turn, prompt) {
    await page.getByTestId('prompt').fill(prompt);
    await page.getByTestId('send').click();
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid=message-assistant]').length === count &&
        ['ready', 'error'].includes(document.querySelector('[data-testid=chat]')?.dataset.status ?? ''),
      turn + 1,
    );
    const error = await page.getByTestId('error').count();
    if (error > 0) throw new Error(`turn ${turn + 1}: ${await page.getByTestId('error').textContent()}`);
    const tools = await assistant(turn)
      .locator('[data-testid=tool-call]')
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.tool));
    const answer = (await assistant(turn).locator('[data-testid=text]').last().textContent()) ?? '';
    return { tools, answer, steps: await stepsOf(turn) };
  }

  // Turn 1: the demo model calls both tools, one step each, then answers.
  const turn1 = await ask(0, 'What should I pack for Oslo?');
  check('turn 1 shows both tool calls', turn1.tools.join(',') === 'weather,packing', turn1.tools.join(','));
  check(
    'turn 1 shows the answer built from the tool results',
    /weather: Oslo: 4 °C/.test(turn1.answer),
    turn1.answer.replace(/\n/g, ' | '),
  );
  check(
    'turn 1 steps on the page: full, then continued',
    turn1.steps.map((s) => (s.continued ? 'continued' : 'full')).join(',') === 'full,continued,continued',
    JSON.stringify(turn1.steps),
  );
  const turn1Requests = emulator.metrics.requests.length;

  // Turn 2 in the same chat: the browser posts the whole history; the provider sends only the new message.
  const turn2 = await ask(1, 'And for Lisbon?');
  await page.screenshot({ path: join(appDir, 'test', 'screenshot.png'), fullPage: true });
  check('turn 2 shows both tool calls', turn2.tools.join(',') === 'weather,packing', turn2.tools.join(','));
  check('turn 2 shows its answer', /Lisbon: 19 °C/.test(turn2.answer), turn2.answer.replace(/\n/g, ' | '));
  check(
    'turn 2 steps on the page: all continued, each sending fewer items than the history',
    turn2.steps.length === 3 && turn2.steps.every((s) => s.continued && s.sent < s.total),
    JSON.stringify(turn2.steps),
  );

  const requests = emulator.metrics.requests;
  const firstOfTurn2 = requests[turn1Requests];
  check(
    'emulator: turn 2 continued the previous response from its cache',
    firstOfTurn2?.previousResponseId !== undefined && firstOfTurn2.cacheHit === true,
    `previous_response_id ${firstOfTurn2?.previousResponseId ?? 'none'}, cacheHit ${firstOfTurn2?.cacheHit}`,
  );
  const history = turn2.steps[0]?.total ?? 0;
  check(
    'emulator: turn 2 sent only the new user message, not the full history',
    firstOfTurn2?.inputItems === 1 && firstOfTurn2.inputItems < history,
    `${firstOfTurn2?.inputItems} of ${history} item(s) sent`,
  );
  check(
    'emulator: every step of both turns went over one WebSocket',
    emulator.metrics.connections === 1 &&
      requests.length === turn1.steps.length + turn2.steps.length &&
      requests.every((r) => r.transport === 'ws'),
    `${requests.length} request(s) over ${emulator.metrics.connections} connection(s)`,
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
