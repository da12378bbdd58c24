/**
 * The memory measurement itself, in a process of its own started with `--expose-gc` (see micro-memory.ts),
 * so nothing else the benchmark did sits in its heap. One contender, `conversations` conversations held at
 * once, each with a prompt of ~`historyBytes` of history (tool calls and ~10 KB tool outputs, distinct per
 * conversation), two steps each, all conversations in flight together so every wsOpenAI conversation keeps
 * a socket (and its chain) of its own. Heap (`heapUsed`) and off-heap (`external`, socket buffers) are read
 * after full garbage collections:
 *
 * - `base`: before anything; `prompts`: with the callers' prompts built;
 * - `held`: after both steps, callers still holding their prompts, provider open (conversations ongoing);
 * - `dropped`: callers dropped their prompts, provider and sockets still open, within `chainAffinityMs` of
 *   the last response (the default 1 s: a conversation's next step is expected, its socket keeps the items);
 * - `idle`: the same, once that window has passed (sockets still open, within the idle timeout);
 * - `closed`: provider closed.
 *
 * Sends the figures to the parent over IPC.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { createWsOpenAI } from '../src';
import { MODEL_ID } from './contenders';
import { RemoteEmulator } from './emulator-client';
import { appendToolStep } from './prompt-steps';
import { functionTools, SYSTEM_PROMPT, seededText, TOOL_NAMES, toolArguments, USER_PROMPT } from './scenario';

export interface MemorySnapshot {
  readonly heapUsed: number;
  readonly external: number;
}

export interface MemoryMeasurement {
  readonly contender: 'http' | 'ws-incremental';
  readonly conversations: number;
  readonly historyBytes: number;
  readonly base: MemorySnapshot;
  readonly prompts: MemorySnapshot;
  readonly held: MemorySnapshot;
  readonly dropped: MemorySnapshot;
  readonly idle: MemorySnapshot;
  readonly closed: MemorySnapshot;
  readonly openSockets: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function snapshot(): Promise<MemorySnapshot> {
  if (gc === undefined) throw new Error('memory-child needs --expose-gc');
  // Several full collections with turns of the event loop between them: closed sockets and finished
  // streams release their last references asynchronously.
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
  }
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, external: usage.external };
}

/**
 * A flat copy of `text`: seededText builds its result by concatenation, a rope that V8 flattens (and so
 * resizes) the first time it is serialised, which would move the heap between snapshots by itself.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function historyPrompt(conversation: number, historyBytes: number, toolOutputBytes: number) {
  const prompt: LanguageModelV3Prompt = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: [{ type: 'text', text: USER_PROMPT }] },
  ];
  let bytes = 0;
  for (let k = 0; bytes < historyBytes; k++) {
    const toolCallId = `call_${String(conversation).padStart(4, '0')}${String(k).padStart(20, '0')}`;
    const toolName = TOOL_NAMES[k % TOOL_NAMES.length]!;
    const input = toolArguments(k);
    const output = flat(seededText(conversation * 1000 + k, toolOutputBytes));
    bytes += input.length + output.length;
    appendToolStep(prompt, { toolCallId, toolName, input }, output);
  }
  return prompt;
}

async function step(model: LanguageModelV3, prompt: LanguageModelV3Prompt) {
  const { stream } = await model.doStream({
    prompt,
    tools: functionTools(),
    toolChoice: { type: 'auto' },
    providerOptions: { openai: { store: false } },
  });
  const calls: Array<{ toolCallId: string; toolName: string; input: string }> = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'error') throw new Error(`memory: ${JSON.stringify(value.error)}`);
    if (value.type === 'tool-call') calls.push(value);
  }
  if (calls.length !== 1) throw new Error(`memory: expected one tool call, got ${calls.length}`);
  return calls[0]!;
}

function createModel(
  contender: 'http' | 'ws-incremental',
  emulator: RemoteEmulator,
  conversations: number,
): { model: LanguageModelV3; close: () => Promise<void> } {
  if (contender === 'http')
    return {
      model: createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-bench' }).responses(MODEL_ID),
      close: async () => {},
    };
  const provider = createWsOpenAI({
    baseURL: emulator.baseURL,
    apiKey: 'sk-bench',
    fallback: 'none',
    // One socket per conversation, as a server holding this many conversations at once would have.
    maxConnections: conversations,
  });
  return { model: provider.responses(MODEL_ID), close: () => provider.close() };
}

async function measure(options: {
  contender: 'http' | 'ws-incremental';
  conversations: number;
  historyBytes: number;
  toolOutputBytes: number;
}): Promise<MemoryMeasurement> {
  const emulator = await RemoteEmulator.start({});
  try {
    // The scripted model calls a tool until it has seen this many tool outputs: never, here.
    await emulator.startRun(1_000_000);
    // A discarded conversation first, on a provider of its own: module initialisation, lazily loaded
    // parts (undici for fetch, schemas) and compiled code are paid once per process, not per conversation.
    const warmUp = createModel(options.contender, emulator, 2);
    const warmUpPrompts = [historyPrompt(-1, 20_000, 2_000), historyPrompt(-2, 20_000, 2_000)];
    for (let round = 0; round < 2; round++) {
      const calls = await Promise.all(warmUpPrompts.map((prompt) => step(warmUp.model, prompt)));
      for (const [i, call] of calls.entries())
        appendToolStep(warmUpPrompts[i]!, call, seededText(round, 2_000));
    }
    await warmUp.close();
    await emulator.startRun(1_000_000);
    const base = await snapshot();
    let prompts: LanguageModelV3Prompt[] | undefined = Array.from({ length: options.conversations }, (_, i) =>
      historyPrompt(i, options.historyBytes, options.toolOutputBytes),
    );
    const promptsBuilt = await snapshot();

    let openSockets = 0;
    const { model, close } = createModel(options.contender, emulator, options.conversations);
    for (let round = 0; round < 2; round++) {
      const calls = await Promise.all(prompts.map((prompt) => step(model, prompt)));
      for (const [i, call] of calls.entries())
        appendToolStep(
          prompts[i]!,
          call,
          flat(seededText(7_000_000 + i * 10 + round, options.toolOutputBytes)),
        );
    }
    if (options.contender === 'ws-incremental') {
      const metrics = await emulator.metrics();
      openSockets = metrics.upgrades;
      const continued = metrics.requests.filter((request) => request.previousResponseId !== undefined);
      if (continued.length !== options.conversations)
        throw new Error(`memory: ${continued.length} of ${options.conversations} second steps continued`);
    }
    const held = await snapshot();
    prompts = undefined;
    const dropped = await snapshot();
    // Past the default chainAffinityMs (1 s) since the last response ended.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const idle = await snapshot();
    await close();
    const closed = await snapshot();
    return {
      contender: options.contender,
      conversations: options.conversations,
      historyBytes: options.historyBytes,
      base,
      prompts: promptsBuilt,
      held,
      dropped,
      idle,
      closed,
      openSockets,
    };
  } finally {
    await emulator.close();
  }
}

process.on('message', (options: Parameters<typeof measure>[0]) => {
  measure(options).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
  );
});
