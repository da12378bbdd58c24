/**
 * A small code-exploring agent: streamText with list / grep / read tools over ./sample, then a table of
 * what each step sent over the socket and what HTTP would have sent for the same step.
 *
 *   npm run demo                   # no key, no base URL: starts the embedded emulator (its demo model)
 *   OPENAI_API_KEY=… npm run demo  # the real API (OPENAI_BASE_URL to point it elsewhere)
 *   OPENAI_BASE_URL=http://127.0.0.1:4010/v1 npm run demo  # a standalone `npm run emulator`, no key needed
 *   npm run demo -- --compare      # then the same task over WebSocket and over HTTP, warmed up, alternated,
 *                                  # with the time difference the emulator's server-cost model predicts
 *   npm run demo -- --compare --no-server-cost   # the same, on an emulator that charges nothing for input
 *   npm run demo -- "your question about ./sample"
 */
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { stepCountIs, streamText } from 'ai';
import { createWsOpenAI } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';
import { compareTransports, type TimeSource } from './compare-transports';
import { captureBody, probeSteps, recordPostedBytes, type StepProbe } from './step-probe';
import { printSavings, printStepTable, type StepRow } from './step-table';
import { SYSTEM_PROMPT } from './system-prompt';
import { DEMO_TIMING, DEMO_TIMING_WITHOUT_SERVER_COST } from './timing-model';
import { createCodeTools } from './tools';

const args = process.argv.slice(2);
const compare = args.includes('--compare');
const serverCost = !args.includes('--no-server-cost');
const task =
  args.find((arg) => !arg.startsWith('--')) ?? 'Where is `backoffDelay` defined, and what calls it?';
const modelId = process.env.OPENAI_MODEL ?? 'gpt-5.4';

type Tools = ReturnType<typeof createCodeTools>;
type Model = Parameters<typeof streamText>[0]['model'] & object;

/** One agent run: the task with the tools, up to 8 steps. `print` streams it to the terminal. */
async function runAgent(model: Model, tools: Tools, probes: StepProbe[], print: boolean) {
  const started = performance.now();
  let failure: unknown;
  const result = streamText({
    model,
    system: SYSTEM_PROMPT,
    prompt: task,
    tools,
    stopWhen: stepCountIs(8),
    // The error ends the run with its message below, instead of streamText's default dump to the console.
    onError: ({ error }) => {
      failure ??= error;
    },
  });
  let answering = false;
  for await (const part of result.fullStream) {
    if (!print) continue;
    if (part.type === 'tool-call') console.log(`  → ${part.toolName}(${JSON.stringify(part.input)})`);
    if (part.type === 'tool-result') console.log(describeToolOutput(part.output));
    if (part.type === 'text-delta') {
      if (!answering) process.stdout.write('\nAnswer:\n');
      answering = true;
      process.stdout.write(part.text);
    }
  }
  if (failure !== undefined) throw failure;
  const steps = await result.steps;
  const rows: StepRow[] = steps.map((step, index) => {
    const ws = step.providerMetadata?.['openai-ws'] as Record<string, unknown> | undefined;
    const body = step.request.body as { input?: unknown[] } | undefined;
    const bytesSent = Number(
      ws?.bytesSent ?? probes[index]?.postedBytes ?? Buffer.byteLength(JSON.stringify(body ?? '')),
    );
    return {
      step: index + 1,
      transport: ws === undefined ? 'http' : String(ws.transport),
      continued: ws?.continued === true,
      itemsSent: Number(ws?.inputItemsSent ?? body?.input?.length ?? 0),
      itemsTotal: Number(ws?.inputItemsTotal ?? body?.input?.length ?? 0),
      bytesSent,
      httpBytes: probes[index]?.httpBodyBytes ?? bytesSent,
      firstByteMs: probes[index]?.firstByteMs,
    };
  });
  return { rows, totalMs: performance.now() - started };
}

/** A tool's output as the terminal shows it: a listing whole, a long text by its size and first line. */
function describeToolOutput(output: unknown): string {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const size = `${lines.length} line${lines.length === 1 ? '' : 's'}, ${Buffer.byteLength(text).toLocaleString('en-US')} B`;
  if (lines.length <= 20 && lines.every((line) => line.length <= 110)) {
    return `  ← ${size}:\n${lines.map((line) => `      ${line}`).join('\n')}`;
  }
  return `  ← ${size}, starting: ${lines[0]?.slice(0, 80) ?? ''} …`;
}

/**
 * A key means the real API (or whatever OPENAI_BASE_URL names); a base URL without a key means an
 * emulator someone started, which accepts any key; neither means nothing to talk to, so start one here.
 */
async function resolveTarget(): Promise<{
  settings: { apiKey: string; baseURL: string | undefined };
  source: TimeSource;
  emulator?: ResponsesEmulator;
}> {
  const apiKey = process.env.OPENAI_API_KEY || undefined;
  const baseURL = process.env.OPENAI_BASE_URL || undefined;
  if (apiKey) {
    console.log(`Using ${baseURL ?? 'the OpenAI API'} with OPENAI_API_KEY, model ${modelId}.`);
    return { settings: { apiKey, baseURL }, source: { kind: 'host', name: baseURL ?? 'the OpenAI API' } };
  }
  if (baseURL) {
    console.log(`No OPENAI_API_KEY: using OPENAI_BASE_URL ${baseURL} with a placeholder key.`);
    return { settings: { apiKey: 'sk-emulator', baseURL }, source: { kind: 'host', name: baseURL } };
  }
  const timing = serverCost ? DEMO_TIMING : DEMO_TIMING_WITHOUT_SERVER_COST;
  const emulator = await createResponsesEmulator({ timing });
  console.log(
    `No OPENAI_API_KEY or OPENAI_BASE_URL: using the embedded Responses emulator at ${emulator.baseURL}\n` +
      `(its demo model, a ${timing.latency?.perFrameMs ?? 0} ms round trip; set OPENAI_API_KEY to use OpenAI).`,
  );
  const serverCostCharged = () =>
    emulator.metrics.requests.reduce((total, request) => total + (request.serverCostMs ?? 0), 0);
  return {
    settings: { apiKey: 'sk-emulator', baseURL: emulator.baseURL },
    source: { kind: 'embedded-emulator', timing, serverCostCharged },
    emulator,
  };
}

async function main() {
  const { settings, source, emulator } = await resolveTarget();
  const tools = createCodeTools(fileURLToPath(new URL('sample', import.meta.url)));
  const wsOpenAI = createWsOpenAI(settings);
  const capture = captureBody();
  const httpTwin = {
    model: createOpenAI({ ...settings, fetch: capture.fetch }).responses(modelId),
    captureBody: capture,
  };
  try {
    console.log(`\nTask: ${task}\n(agent: wsOpenAI('${modelId}') over one WebSocket, tools over ./sample)\n`);
    const probes: StepProbe[] = [];
    const run = await runAgent(probeSteps(wsOpenAI(modelId), probes, httpTwin), tools, probes, true);
    console.log('\n');
    printStepTable(run.rows);
    printSavings(run.rows);
    if (emulator) {
      const { requests, connections } = emulator.metrics;
      console.log(
        `(The emulator saw ${requests.length} requests on ${connections} WebSocket connection(s).)`,
      );
    }
    if (compare) {
      await compareTransports({
        websocket: (probes) => probeSteps(wsOpenAI(modelId), probes),
        http: (probes) =>
          probeSteps(
            createOpenAI({ ...settings, fetch: recordPostedBytes(probes) }).responses(modelId),
            probes,
          ),
        run: (model, probes) => runAgent(model, tools, probes, false),
        source,
      });
    }
  } catch (error) {
    // One line a person can act on; the stack is in `error` for whoever debugs the provider.
    console.error(`\nThe agent failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await wsOpenAI.close();
    await emulator?.close();
  }
}

await main();
