/**
 * A small code-exploring agent: streamText with list / read / grep tools over ./sample.
 *
 *   npm run demo                   # no key, no base URL: starts the embedded emulator (its demo model)
 *   OPENAI_API_KEY=… npm run demo  # the real API (OPENAI_BASE_URL to point it elsewhere)
 *   OPENAI_BASE_URL=http://127.0.0.1:4010/v1 npm run demo  # a standalone `npm run emulator`, no key needed
 *   npm run demo -- --compare      # the same task over @ai-sdk/openai (HTTP) too, side by side
 */
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { type LanguageModel, stepCountIs, streamText } from 'ai';
import { createWsOpenAI } from '../../src';
import { createResponsesEmulator } from '../../src/testing';
import { createCodeTools } from './tools';

const args = process.argv.slice(2);
const compare = args.includes('--compare');
const prompt =
  args.find((arg) => !arg.startsWith('--')) ?? 'Where is fizzBuzz defined, and what does it return for 15?';
const modelId = process.env.OPENAI_MODEL ?? 'gpt-5.4';

interface StepRow {
  step: number;
  mode: string;
  itemsSent: number;
  bytesSent: number;
  ttfbMs: number;
  durationMs: number;
}

async function runAgent(label: string, model: LanguageModel, tools: ReturnType<typeof createCodeTools>) {
  console.log(`\n── ${label} ──`);
  const timings: Array<{ ttfbMs: number; durationMs: number }> = [];
  const started = performance.now();
  let stepStart = started;
  let firstByte: number | undefined;

  const result = streamText({
    model,
    system: 'You explore a small TypeScript project with the tools given. Answer briefly.',
    prompt,
    tools,
    stopWhen: stepCountIs(8),
  });

  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'start-step':
        // start-step arrives with the response's first event; the request went out when the last step ended.
        firstByte = undefined;
        break;
      case 'text-delta':
        firstByte ??= performance.now();
        process.stdout.write(part.text);
        break;
      case 'tool-call':
        firstByte ??= performance.now();
        console.log(`  → ${part.toolName}(${JSON.stringify(part.input)})`);
        break;
      case 'finish-step':
        timings.push({
          ttfbMs: (firstByte ?? performance.now()) - stepStart,
          durationMs: performance.now() - stepStart,
        });
        stepStart = performance.now();
        break;
      case 'error':
        console.error('\nerror:', part.error instanceof Error ? part.error.message : part.error);
        break;
      case 'reasoning-delta':
      case 'tool-input-start':
        firstByte ??= performance.now();
        break;
    }
  }
  const totalMs = performance.now() - started;
  const rows: StepRow[] = (await result.steps).map((step, index) => {
    const ws = step.providerMetadata?.['openai-ws'] as Record<string, unknown> | undefined;
    const body = step.request.body as { input?: unknown[] } | undefined;
    return {
      step: index + 1,
      mode: ws === undefined ? 'http (full)' : ws.continued ? 'continued' : 'full',
      itemsSent: Number(ws?.inputItemsSent ?? body?.input?.length ?? 0),
      bytesSent: Number(ws?.bytesSent ?? Buffer.byteLength(JSON.stringify(body ?? ''))),
      ttfbMs: timings[index]?.ttfbMs ?? 0,
      durationMs: timings[index]?.durationMs ?? 0,
    };
  });
  console.log('\n');
  console.table(
    rows.map((row) => ({
      step: row.step,
      mode: row.mode,
      'items sent': row.itemsSent,
      'bytes sent': row.bytesSent,
      'first byte (ms)': Math.round(row.ttfbMs),
      'duration (ms)': Math.round(row.durationMs),
    })),
  );
  const bytes = rows.reduce((total, row) => total + row.bytesSent, 0);
  console.log(`total: ${rows.length} steps, ${bytes} bytes sent, ${Math.round(totalMs)} ms`);
  return { steps: rows.length, bytes, totalMs };
}

/**
 * A key means the real API (or whatever OPENAI_BASE_URL names); a base URL without a key means an
 * emulator someone started, which accepts any key; neither means nothing to talk to, so start one here.
 */
async function resolveTarget() {
  const apiKey = process.env.OPENAI_API_KEY || undefined;
  const baseURL = process.env.OPENAI_BASE_URL || undefined;
  if (apiKey) {
    console.log(`Using ${baseURL ?? 'the OpenAI API'} with OPENAI_API_KEY.`);
    return { settings: { apiKey, baseURL } };
  }
  if (baseURL) {
    console.log(`No OPENAI_API_KEY: using OPENAI_BASE_URL ${baseURL} with a placeholder key.`);
    return { settings: { apiKey: 'sk-emulator', baseURL } };
  }
  const emulator = await createResponsesEmulator({
    timing: { outputTokensPerSecond: 400, timeToFirstTokenMs: 30, latency: { perFrameMs: 10 } },
  });
  console.log(
    `No OPENAI_API_KEY or OPENAI_BASE_URL: using the embedded Responses emulator at ${emulator.baseURL} (demo model).`,
  );
  return { settings: { apiKey: 'sk-emulator', baseURL: emulator.baseURL }, emulator };
}

async function main() {
  const { settings, emulator } = await resolveTarget();
  const tools = createCodeTools(fileURLToPath(new URL('sample', import.meta.url)));
  const wsOpenAI = createWsOpenAI(settings);
  try {
    const ws = await runAgent(`wsOpenAI('${modelId}') over one WebSocket`, wsOpenAI(modelId), tools);
    if (compare) {
      const http = await runAgent(
        `@ai-sdk/openai responses('${modelId}') over HTTP`,
        createOpenAI(settings).responses(modelId),
        tools,
      );
      console.log(
        `\ncompare: WebSocket ${Math.round(ws.totalMs)} ms / ${ws.bytes} B  vs  HTTP ${Math.round(http.totalMs)} ms / ${http.bytes} B`,
      );
    }
    if (emulator) {
      const { requests, connections } = emulator.metrics;
      const incremental = requests.filter((request) => request.previousResponseId !== undefined).length;
      console.log(
        `emulator saw ${requests.length} requests on ${connections} WebSocket connection(s); ${incremental} continued incrementally.`,
      );
    }
  } finally {
    await wsOpenAI.close();
    await emulator?.close();
  }
}

await main();
