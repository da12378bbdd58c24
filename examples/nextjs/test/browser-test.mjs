/**
 * Drives the built Next.js app in Debian's Chromium, two turns of one chat per pass, over one `next build`:
 * 1. OPENAI_BASE_URL set to an emulator this process starts: asserts on the page and, through the
 *    emulator's metrics, on what went over the wire.
 * 2. Neither OPENAI_BASE_URL nor OPENAI_API_KEY, as someone trying the example would start it: the route
 *    starts its own in-process emulator, out of this process's sight, so it asserts on the page and on the
 *    route's log line.
 * In both, every step's figures on the page (socket against what HTTP would have sent, and the saving) are
 * checked against the step metadata the route streamed, and the browser must log no error (console or
 * uncaught page error, a missing favicon's 404 among them).
 * Plus: a failing request shows the server's message on the page, and the installed package refuses the
 * Edge runtime with what to do. Run by run-browser-test.sh (tarball install, Node 24) after `next build`;
 * SCREENSHOT names the screenshot's path.
 */
import { spawn, spawnSync } from 'node:child_process';
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

const apps = [];
/** `next start` on a free port; a key or base URL in the caller's shell must not decide which path runs. */
async function startApp(label, extraEnv) {
  const port = await freePort();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  const child = spawn(
    join(appDir, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    { cwd: appDir, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const app = { label, child, log: '', url: `http://127.0.0.1:${port}/` };
  child.stdout.on('data', (chunk) => (app.log += chunk));
  child.stderr.on('data', (chunk) => (app.log += chunk));
  apps.push(app);
  await waitForHttp(app.url, 30_000);
  return app;
}

const emulator = await createResponsesEmulator({ timing: { outputTokensPerSecond: 2000 } });
const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-'));
let browser;
const hardStop = setTimeout(() => {
  console.error('browser test: hard timeout');
  cleanup().finally(() => process.exit(1));
}, 180_000);

async function cleanup() {
  clearTimeout(hardStop);
  await browser?.close().catch(() => {});
  for (const app of apps) {
    try {
      process.kill(-app.child.pid, 'SIGTERM');
    } catch {}
  }
  await emulator.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

/** The `data-step` parts in a UI message stream (server-sent events, one JSON chunk per `data:` line). */
function dataSteps(body) {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)))
    .filter((chunk) => chunk.type === 'data-step')
    .map((chunk) => chunk.data);
}

/** Reads the figures a step cell shows as text, as numbers (null where the cell shows none). */
function readStepCells(rows) {
  const number = (row, id) => {
    const text = row.querySelector(`[data-testid=${id}]`)?.textContent;
    return text === undefined ? null : Number(text.replace(/[^\d-]/g, ''));
  };
  return rows.map((row) => ({
    socketItems: number(row, 'socket-items'),
    socketBytes: number(row, 'socket-bytes'),
    httpItems: number(row, 'http-items'),
    httpBytes: number(row, 'http-bytes'),
    savedBytes: number(row, 'saved-bytes'),
    savedPercent: number(row, 'saved-percent'),
    savedNone: row.querySelector('[data-testid=saved-none]') !== null,
  }));
}

/**
 * A fresh page on `url` and a way to hold a conversation on it, one `ask` per turn. It keeps what the
 * browser logged as an error (console and uncaught page errors) and the body of every /api/chat response.
 */
async function openChat(url) {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      consoleErrors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  const chatBodies = [];
  page.on('response', (response) => {
    // Settled either way at once, so a body the browser no longer holds fails the turn that reads it.
    if (new URL(response.url()).pathname === '/api/chat')
      chatBodies.push(response.text().catch((error) => error));
  });
  await page.goto(url);
  // What loads after the document (icons among them) has loaded before the console is judged.
  await page.waitForLoadState('networkidle');

  const assistant = (turn) => page.locator('[data-testid=message-assistant]').nth(turn);
  /** Each step's row: its cell, and the tool calls and text next to it. */
  const stepsOf = (turn) =>
    assistant(turn)
      .locator('.step-row')
      .evaluateAll((rows) =>
        rows.map((row) => {
          const pill = row.querySelector('[data-testid=step]');
          return {
            step: Number(pill?.dataset.step),
            continued: pill?.dataset.continued === 'true',
            sent: Number(pill?.dataset.itemsSent),
            total: Number(pill?.dataset.itemsTotal),
            tools: [...row.querySelectorAll('[data-testid=tool-call]')].map((n) => n.dataset.tool).join(','),
            text: row.querySelector('[data-testid=text]') !== null,
          };
        }),
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
    const inputs = await assistant(turn)
      .locator('[data-testid=tool-call]')
      .evaluateAll((nodes) => nodes.map((n) => JSON.parse(n.dataset.input)));
    const answer = (await assistant(turn).locator('[data-testid=text]').last().textContent()) ?? '';
    const cells = await assistant(turn).locator('.step-row').evaluateAll(readStepCells);
    const total = await assistant(turn)
      .getByTestId('turn-total')
      .evaluate((node) => ({
        socketBytes: Number(node.dataset.socketBytes),
        httpBytes: Number(node.dataset.httpBytes),
        text: node.textContent,
      }));
    const body = await chatBodies.at(-1);
    if (typeof body !== 'string') throw new Error(`turn ${turn + 1}: the /api/chat response body: ${body}`);
    const metadata = dataSteps(body);
    return { tools, inputs, answer, steps: await stepsOf(turn), cells, total, metadata };
  }
  /** Sends a prompt that fails; returns what the page shows as the error. */
  async function askFailing(prompt) {
    await page.getByTestId('prompt').fill(prompt);
    await page.getByTestId('send').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=chat]')?.dataset.status === 'error',
    );
    return (await page.getByTestId('error').textContent()) ?? '';
  }
  return { page, ask, askFailing, consoleErrors };
}

/**
 * The same two turns in every pass, checked on the page: the demo model calls both tools, one step each,
 * then answers; turn 2, in the same chat, continues turn 1's last response, since the browser posts the
 * whole history but the provider sends only the new message.
 */
async function twoTurns(pass, chat) {
  const turn1 = await chat.ask(0, 'What should I pack for Oslo?');
  check(
    `${pass}: turn 1 shows both tool calls`,
    turn1.tools.join(',') === 'weather,packing',
    turn1.tools.join(','),
  );
  check(
    `${pass}: turn 1 packs for the temperature the weather tool returned`,
    turn1.inputs[1]?.temperatureC === 4,
    JSON.stringify(turn1.inputs),
  );
  check(
    `${pass}: turn 1 shows the answer built from the tool results`,
    /weather: Oslo: 4 °C/.test(turn1.answer) && /packing: a warm coat/.test(turn1.answer),
    turn1.answer.replace(/\n/g, ' | '),
  );
  check(
    `${pass}: turn 1 steps on the page: full, then continued`,
    turn1.steps.map((s) => (s.continued ? 'continued' : 'full')).join(',') === 'full,continued,continued',
    JSON.stringify(turn1.steps),
  );
  check(
    `${pass}: each step's cell sits on its own tool call, the last one on the answer`,
    turn1.steps.map((s) => `${s.step}:${s.tools || (s.text ? 'text' : '')}`).join(' ') ===
      '1:weather 2:packing 3:text',
    JSON.stringify(turn1.steps),
  );

  checkSaving(`${pass}: turn 1`, turn1);

  const turn2 = await chat.ask(1, 'And for Lisbon?');
  check(
    `${pass}: turn 2 shows both tool calls`,
    turn2.tools.join(',') === 'weather,packing',
    turn2.tools.join(','),
  );
  check(
    `${pass}: turn 2 shows its answer, packing for Lisbon's 19 °C`,
    /Lisbon: 19 °C/.test(turn2.answer) && /packing: a light jacket/.test(turn2.answer),
    turn2.answer.replace(/\n/g, ' | '),
  );
  check(
    `${pass}: turn 2 steps on the page: all continued, each sending fewer items than the history`,
    turn2.steps.length === 3 && turn2.steps.every((s) => s.continued && s.sent < s.total),
    JSON.stringify(turn2.steps),
  );
  checkSaving(`${pass}: turn 2`, turn2);
  check(
    `${pass}: the browser logged no errors (console, page errors)`,
    chat.consoleErrors.length === 0,
    chat.consoleErrors.join(' | ') || 'none',
  );
  return { turn1, turn2 };
}

/**
 * Each step's figures on the page against the `data-step` parts the route streamed (the step metadata):
 * the socket's from `providerMetadata['openai-ws']`, HTTP's from the body @ai-sdk/openai built for the step.
 */
function checkSaving(label, turn) {
  const { cells, metadata, steps, total } = turn;
  const shown = cells.map((cell, index) => ({ ...cell, continued: steps[index]?.continued }));
  check(
    `${label}: the page shows every step's socket and HTTP figures as the step metadata says`,
    metadata.length === cells.length &&
      cells.every((cell, index) => {
        const step = metadata[index];
        return (
          cell.socketItems === step.itemsSent &&
          cell.socketBytes === step.bytesSent &&
          cell.httpItems === step.httpItems &&
          cell.httpBytes === step.httpBytes
        );
      }),
    JSON.stringify({ shown: cells, metadata }),
  );
  check(
    `${label}: HTTP's body holds the whole conversation, every item the provider counts in it`,
    metadata.every((step) => step.httpItems === step.itemsTotal && step.httpBytes > 0),
    metadata.map((step) => `${step.httpItems} of ${step.itemsTotal}`).join(', '),
  );
  check(
    `${label}: continued steps show HTTP's figure above the socket's, and the difference as saved`,
    shown.some((cell) => cell.continued) &&
      shown
        .filter((cell) => cell.continued)
        .every(
          (cell) =>
            cell.httpBytes > cell.socketBytes &&
            cell.httpItems > cell.socketItems &&
            cell.savedBytes === cell.httpBytes - cell.socketBytes &&
            cell.savedPercent === Math.round((cell.savedBytes / cell.httpBytes) * 100),
        ),
    shown
      .filter((cell) => cell.continued)
      .map((c) => `${c.socketBytes} B vs ${c.httpBytes} B, saved ${c.savedBytes} B ${c.savedPercent}%`)
      .join('; '),
  );
  // A full step sends the same body as HTTP, in a frame: `type` added, `stream` left out.
  check(
    `${label}: full steps show no saving, and HTTP's body within a few bytes of the socket's frame`,
    shown
      .filter((cell) => !cell.continued)
      .every(
        (cell) =>
          cell.savedNone && cell.savedBytes === null && Math.abs(cell.httpBytes - cell.socketBytes) <= 64,
      ),
    shown
      .filter((cell) => !cell.continued)
      .map((c) => `${c.socketBytes} B vs ${c.httpBytes} B`)
      .join('; ') || 'no full step',
  );
  const sum = (key) => metadata.reduce((n, step) => n + step[key], 0);
  check(
    `${label}: the turn's total adds up its steps`,
    total.socketBytes === sum('bytesSent') &&
      total.httpBytes === sum('httpBytes') &&
      total.text.includes(`${(total.httpBytes - total.socketBytes).toLocaleString('en-US')} B`),
    total.text,
  );
}

try {
  const viaBaseURL = await startApp('OPENAI_BASE_URL', { OPENAI_BASE_URL: emulator.baseURL });
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
  const first = await openChat(viaBaseURL.url);
  const { turn1, turn2 } = await twoTurns('base URL', first);
  await first.page.screenshot({
    path: process.env.SCREENSHOT ?? join(appDir, 'test', 'screenshot.png'),
    fullPage: true,
  });

  const requests = emulator.metrics.requests;
  const firstOfTurn2 = requests[turn1.steps.length];
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
  const shownSocket = [...turn1.cells, ...turn2.cells];
  check(
    "emulator: each step's socket figures on the page are the frame it received (bytes, input items)",
    shownSocket.length === requests.length &&
      shownSocket.every(
        (cell, index) =>
          cell.socketBytes === requests[index]?.bytes && cell.socketItems === requests[index]?.inputItems,
      ),
    shownSocket.map((cell, index) => `${cell.socketBytes}/${requests[index]?.bytes} B`).join(', '),
  );
  check(
    'emulator: every step of both turns went over one WebSocket',
    emulator.metrics.connections === 1 &&
      requests.length === turn1.steps.length + turn2.steps.length &&
      requests.every((r) => r.transport === 'ws'),
    `${requests.length} request(s) over ${emulator.metrics.connections} connection(s)`,
  );

  // A request the server rejects: the page shows the server's message, not "An error occurred.".
  const serverMessage =
    'Your input exceeds the context window of this model. Please adjust your input and try again.';
  emulator.injectFault({
    kind: 'error-frame',
    status: 400,
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    message: serverMessage,
  });
  const shown = await first.askFailing('And for Tokyo?');
  check('a failed request shows its message on the page', shown.includes(serverMessage), shown);
  check(
    'a failed request: the page shows it without logging an error in the browser',
    first.consoleErrors.length === 0,
    first.consoleErrors.join(' | ') || 'none',
  );

  const zeroConfig = await startApp('no configuration', {});
  const requestsBefore = emulator.metrics.requests.length;
  await twoTurns('no configuration', await openChat(zeroConfig.url));
  check(
    'no configuration: the route started its own in-process emulator',
    zeroConfig.log.includes('using an in-process Responses emulator') &&
      emulator.metrics.requests.length === requestsBefore,
    `${emulator.metrics.requests.length - requestsBefore} request(s) reached this process's emulator`,
  );

  // What an `export const runtime = 'edge'` route gets: the installed package's edge-light condition.
  const edge = spawnSync(
    process.execPath,
    ['--conditions=edge-light', '--input-type=module', '-e', "await import('ai-sdk-openai-ws')"],
    { cwd: appDir, encoding: 'utf8' },
  );
  check(
    'the Edge runtime condition: importing the package says to use the Node.js runtime',
    edge.status !== 0 &&
      edge.stderr.includes("ai-sdk-openai-ws needs the Node.js runtime (export const runtime = 'nodejs')"),
    edge.stderr.split('\n').find((line) => line.startsWith('Error')) ?? `exit ${edge.status}`,
  );
} catch (error) {
  check('browser run', false, error instanceof Error ? error.message : String(error));
  for (const app of apps) console.error(`── next start (${app.label}) ──\n${app.log.slice(-3000)}`);
} finally {
  await cleanup();
}

const failed = results.filter((result) => !result.ok).length;
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
