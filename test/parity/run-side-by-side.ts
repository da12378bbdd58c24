import { appendFileSync } from 'node:fs';
import { createOpenAI } from '@ai-sdk/openai';
import {
  type generateText,
  type LanguageModel,
  type ModelMessage,
  stepCountIs,
  type streamText,
  tool,
} from 'ai';
import { expect } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI } from '../../src';
import {
  createResponsesEmulator,
  type EmulatorFault,
  type EmulatorModel,
  type Item,
  type RequestRecord,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
} from '../../src/testing';
import { modelVisible } from '../../src/testing/response-state';
import { waitFor } from '../provider/wait-for';

/**
 * The parity harness: one scenario, run once through `@ai-sdk/openai` over HTTP and once through
 * `createWsOpenAI` over WebSocket, each against its own fresh emulator with the same script, as an app
 * would (default settings). What is compared is what the server saw and what the app saw; what went
 * over the wire (bytes, `previous_response_id`, `request.body`, our `openai-ws` metadata) is not.
 */

export const API_KEY = 'sk-test-parity-0123456789';

export type Transport = 'http' | 'ws';

/** What a scenario gets for one side. */
export interface Side {
  readonly transport: Transport;
  readonly emulator: ResponsesEmulator;
  /** A Responses model of this side's provider (`openai(id)` over HTTP, `wsOpenAI(id)` over WebSocket). */
  model(modelId?: string): LanguageModel;
  /** OpenAI's provider tools, from this side's provider. */
  readonly tools: ReturnType<typeof createOpenAI>['tools'];
  /** Injects a fault for this side's next request (its transport filled in). */
  injectFault(fault: EmulatorFault): void;
  /** What wsOpenAI's `warn` received (its one-time fallback warning); always empty over HTTP. */
  readonly providerWarnings: readonly string[];
}

/** What the server saw for one request the model answered: the effective input and the request's settings. */
export interface ServerTurn {
  /** Items as the model reads them (`modelVisible`: the server's copy of an item carries ids the client's may not). */
  readonly input: readonly Item[];
  /** The body without what is wire-only (`input`, `previous_response_id`, `stream`, `type`, `generate`). */
  readonly settings: Record<string, unknown>;
}

export interface Observation {
  /** What the server saw, per model turn. */
  readonly turns: ServerTurn[];
  /** Every request the server received, with how it ended (`completed`, `failed`, `closed`, …). */
  readonly requests: string[];
  /** What the app saw (from `observeGenerate` / `observeStream`). */
  readonly app: unknown;
}

export interface Scenario {
  /** A fresh model per side: scripts may hold state (a replay, a turn counter). */
  readonly model: () => EmulatorModel;
  readonly run: (side: Side) => Promise<unknown>;
  /** Emulator options for both sides (the model aside). @default {} */
  readonly emulator?: Omit<ResponsesEmulatorOptions, 'model'>;
  /** The key both providers use. @default API_KEY */
  readonly apiKey?: string;
  /**
   * Requests run concurrently, so their arrival order is not part of the behaviour: server turns and
   * request outcomes are compared as sorted lists. @default false
   */
  readonly unordered?: boolean;
}

// The AI SDK logs every call's warnings to the console; the suite compares them (`warnings` of the results).
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const WIRE_ONLY = new Set(['input', 'previous_response_id', 'stream', 'type', 'generate']);

/** What went over the wire per request (not compared: it is what is meant to differ). */
export type Wire = readonly RequestRecord[];

async function runOn(
  transport: Transport,
  scenario: Scenario,
): Promise<{ observation: Observation; wire: Wire }> {
  const turns: ServerTurn[] = [];
  const script = scenario.model();
  const emulator = await createResponsesEmulator({
    ...scenario.emulator,
    model: (turn) => {
      const settings = Object.fromEntries(Object.entries(turn.body).filter(([key]) => !WIRE_ONLY.has(key)));
      turns.push(structuredClone({ input: turn.input.map(modelVisible), settings }));
      return script(turn);
    },
  });
  const apiKey = scenario.apiKey ?? API_KEY;
  const http = createOpenAI({ baseURL: emulator.baseURL, apiKey });
  const providerWarnings: string[] = [];
  // Collected rather than printed: a scenario that expects the fallback warning asserts it.
  const ws = createWsOpenAI({
    baseURL: emulator.baseURL,
    apiKey,
    warn: (message) => providerWarnings.push(message),
  });
  try {
    const app = await scenario.run({
      transport,
      emulator,
      model: (modelId = 'gpt-5.4') => (transport === 'http' ? http(modelId) : ws(modelId)),
      tools: transport === 'http' ? http.tools : ws.tools,
      injectFault: (fault) => emulator.injectFault(isRequestFault(fault) ? { ...fault, transport } : fault),
      providerWarnings,
    });
    // An aborted or dropped request is marked closed when the server notices: let that settle first.
    const settled = () =>
      emulator.metrics.requests.every((r) => r.outcome !== 'pending' && r.outcome !== 'queued');
    await waitFor(settled).catch(() => undefined);
    const requests = emulator.metrics.requests;
    return {
      observation: { turns, requests: requests.map((request) => request.outcome), app },
      wire: requests,
    };
  } finally {
    await ws.close();
    await emulator.close();
  }
}

/** Faults of one request (they name a transport), not of the upgrade. */
function isRequestFault(
  fault: EmulatorFault,
): fault is Exclude<EmulatorFault, { kind: 'refuse-upgrade' | 'slow-handshake' }> {
  return fault.kind !== 'refuse-upgrade' && fault.kind !== 'slow-handshake';
}

/**
 * Runs the scenario over both transports at once (each has its own emulator and script, so nothing is
 * shared; the AI SDK's retry backoffs then overlap), each normalised on its own.
 */
export async function runSideBySide(scenario: Scenario): Promise<SideBySide> {
  const [http, ws] = await Promise.all([runOn('http', scenario), runOn('ws', scenario)]);
  const prepare = (observation: Observation) =>
    normalise(scenario.unordered ? sortTurns(observation) : observation);
  return {
    http: prepare(http.observation),
    ws: prepare(ws.observation),
    wire: { http: http.wire, ws: ws.wire },
  };
}

export interface SideBySide {
  readonly http: Observation;
  readonly ws: Observation;
  readonly wire: { readonly http: Wire; readonly ws: Wire };
}

/**
 * The parity assertion: the WebSocket side must equal the HTTP side, field by field (vitest prints the
 * diff). With `PARITY_REPORT=file` each comparison also appends a line for the parity table.
 */
export async function expectParity(name: string, scenario: Scenario): Promise<SideBySide> {
  const observed = await runSideBySide(scenario);
  report(name, observed);
  expect(observed.ws, `${name}: WebSocket differs from HTTP`).toEqual(observed.http);
  return observed;
}

/** Appends one row for the parity table (`PARITY_REPORT=file`); `same` is recomputed by the reader. */
export function report(name: string, observed: { http: Observation; ws: Observation }, note?: string) {
  const file = process.env.PARITY_REPORT;
  if (file === undefined) return;
  const same = JSON.stringify(observed.http) === JSON.stringify(observed.ws);
  appendFileSync(
    file,
    `${JSON.stringify({ name, http: summary(observed.http), ws: summary(observed.ws), same, note, diff: same ? undefined : firstDifference(observed.http, observed.ws) })}\n`,
  );
}

function summary(observation: Observation): string {
  const json = JSON.stringify(observation.app);
  const error = firstError(observation.app);
  const seen = [
    json.includes('"type":"error"') ? 'error part' : '',
    json.includes('"type":"thrown"') ? 'stream threw' : '',
    json.includes('"type":"tool-error"') ? 'tool error' : '',
    error ? `${error.name} ${error.statusCode ?? '-'} retryable=${error.isRetryable}` : '',
  ].filter((s) => s !== '');
  return `${observation.requests.length} req [${observation.requests.join(',')}]${seen.length ? `, ${seen.join(', ')}` : ''}`;
}

/** The first error an app saw (thrown or in a part), as `errorView` shaped it. */
function firstError(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.name === 'string' && record.name.endsWith('Error') && 'message' in record) return record;
  for (const child of Object.values(record)) {
    const found = firstError(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The path of the first differing leaf, for the table (the test itself prints the full diff). */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found !== undefined) return found;
  }
  return path;
}

// ---- what the app sees ---------------------------------------------------------------------------

// Any tools, any output: the observers read only what every result has.
type GenerateResult = Awaited<ReturnType<typeof generateText<any, any>>>;
type StreamResult = ReturnType<typeof streamText<any, any>>;

/** What an app sees of a `generateText` call: its result, or what it threw. */
export async function observeGenerate(call: Promise<GenerateResult>): Promise<unknown> {
  try {
    const result = await call;
    return {
      text: result.text,
      finishReason: result.finishReason,
      content: result.content,
      steps: result.steps.map(stepView),
      usage: result.totalUsage,
      warnings: result.warnings,
      messages: result.response.messages,
      // The raw response body of the last step, as an app can read it.
      body: result.response.body,
      output: outputOf(() => result.output),
    };
  } catch (error) {
    return { error: errorView(error) };
  }
}

/**
 * A conversation as an app keeps one: each question is asked with the history so far (`edit` may
 * rewrite it first, before the turn of that index), and every step's messages of the answer are
 * appended. ai@7's `response.messages` holds the last step's only (its `responseMessages` has them all);
 * ai@6's `response.messages` has them all. Returns what the app saw of each turn.
 */
export async function converse(
  questions: readonly string[],
  ask: (messages: ModelMessage[]) => Promise<GenerateResult>,
  edit?: (messages: ModelMessage[], turn: number) => ModelMessage[],
): Promise<unknown[]> {
  let messages: ModelMessage[] = [];
  const turns: unknown[] = [];
  for (const [index, question] of questions.entries()) {
    if (edit !== undefined) messages = edit(messages, index);
    messages.push({ role: 'user', content: question });
    let answer: ModelMessage[] = [];
    turns.push(
      await observeGenerate(
        ask(messages).then((result) => {
          answer =
            (result as { responseMessages?: ModelMessage[] }).responseMessages ?? result.response.messages;
          return result;
        }),
      ),
    );
    messages.push(...answer);
  }
  return turns;
}

/**
 * The call options of an agent loop (up to 4 steps) with one `lookup` tool. Each run of the tool injects
 * `fault` into the side's emulator (`times` times: for each attempt of a retried request), so it hits the
 * step that carries that tool result.
 */
export function toolLoop(side: Side, fault?: EmulatorFault, times = 1) {
  const lookup = tool({
    inputSchema: z.object({ q: z.string() }),
    execute: async ({ q }) => {
      for (let injected = 0; fault !== undefined && injected < times; injected++) side.injectFault(fault);
      return `found ${q}`;
    },
  });
  return { model: side.model(), tools: { lookup }, stopWhen: stepCountIs(4), prompt: 'go' };
}

/**
 * streamText's default `onError` prints every error part to stderr; the suite compares those parts (and
 * what the stream throws) instead, so a passing run prints nothing.
 */
export function silenceErrors<T extends object>(options: T): T & { onError: () => void } {
  return { ...options, onError: () => {} };
}

/** What an app sees of a `streamText` call: every stream part, then the promised results. */
export async function observeStream(
  result: StreamResult,
  /** Sees each part as the app reads it (e.g. to abort at a given point). */
  onPart?: (part: { type: string }) => void,
): Promise<unknown> {
  const parts: unknown[] = [];
  try {
    for await (const part of result.fullStream) {
      parts.push(partView(part));
      onPart?.(part);
    }
  } catch (error) {
    parts.push({ type: 'thrown', error: errorView(error) });
  }
  const settled = async (promise: PromiseLike<unknown>) => {
    try {
      return await promise;
    } catch (error) {
      return { rejected: errorView(error) };
    }
  };
  const steps = (await settled(result.steps)) as unknown;
  return {
    parts,
    text: await settled(result.text),
    finishReason: await settled(result.finishReason),
    steps: Array.isArray(steps) ? steps.map(stepView) : steps,
    usage: await settled(result.totalUsage),
    messages: await settled(result.response.then((response) => response.messages)),
    output: await settled(result.output),
  };
}

function outputOf(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return { thrown: errorView(error) };
  }
}

function stepView(step: GenerateResult['steps'][number]): unknown {
  return {
    content: step.content,
    finishReason: step.finishReason,
    usage: step.usage,
    warnings: step.warnings,
    providerMetadata: step.providerMetadata,
    messages: step.response.messages,
    modelId: step.response.modelId,
  };
}

function partView(part: unknown): unknown {
  const { request: _wire, ...rest } = part as Record<string, unknown>;
  if ('error' in rest) return { ...rest, error: errorView(rest.error) };
  return rest;
}

/** An error as an app can tell it apart: class, status, retryability, message, and what a RetryError wraps. */
export function errorView(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: error };
  const e = error as Error & Record<string, unknown>;
  return {
    name: e.name,
    message: e.message,
    statusCode: e.statusCode,
    isRetryable: e.isRetryable,
    ...(e.requestBodyValues === undefined ? {} : { requestBodyValues: e.requestBodyValues }),
    ...(e.reason === undefined ? {} : { reason: e.reason }),
    ...(Array.isArray(e.errors) ? { errors: (e.errors as unknown[]).map(errorView) } : {}),
    ...(e.cause instanceof Error ? { cause: errorView(e.cause) } : {}),
  };
}

// ---- normalisation -------------------------------------------------------------------------------

/** Ids the emulator or the AI SDK make up per run; numbered in order of first appearance instead. */
const API_ID = /\b(resp|msg|fc|call|rs|ci|cntr|cmp)_[0-9a-f]{16,}\b/g;
const ENCRYPTED = /\benc_[A-Za-z0-9+/=]+/g;
const GENERATED_ID_KEYS = new Set(['id', 'approvalId', 'toolCallId', 'responseId']);
/**
 * Dropped: when things happened (and how long they took: ai@7's per-step `performance`); the emulator's cached-token count (it counts the connection cache as
 * cached input, which HTTP has not); HTTP response headers (a socket has none per response); the
 * response object's echo of `previous_response_id` (a raw `response.body` shows the continuation): all
 * asserted in deliberate-differences.test.ts. The `openai-ws` metadata and `request` bodies are the wire.
 */
const DROPPED_KEYS = new Set([
  'timestamp',
  'performance',
  'previous_response_id',
  'headers',
  'created_at',
  'openai-ws',
  'cacheReadTokens',
  'noCacheTokens',
  'cachedInputTokens',
  'cached_tokens',
]);

/** Turns and outcomes in an order that does not depend on arrival (ids masked for the sort only). */
function sortTurns(observation: Observation): Observation {
  const key = (turn: ServerTurn) => JSON.stringify(turn).replace(API_ID, '$1').replace(ENCRYPTED, 'enc');
  return {
    ...observation,
    turns: [...observation.turns].sort((a, b) => key(a).localeCompare(key(b))),
    requests: [...observation.requests].sort(),
  };
}

export function normalise(observation: Observation): Observation {
  // Numbered per prefix, so an id one side has and the other lacks does not renumber all the rest.
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const rename = (id: string, prefix: string) => {
    if (!ids.has(id)) {
      const n = counts.get(prefix) ?? 0;
      counts.set(prefix, n + 1);
      ids.set(id, `${prefix}_#${n}`);
    }
    return ids.get(id)!;
  };
  const text = JSON.stringify(observation, (key, value) => {
    if (DROPPED_KEYS.has(key)) return undefined;
    if (value instanceof Date) return undefined;
    if (typeof value !== 'string') return value;
    const replaced = value
      // A response object quoted in an error message: when it was made, and the chain it continued (the wire).
      .replace(/"created_at":\d+/g, '"created_at":0')
      .replace(/"previous_response_id":"[^"]*"/g, '"previous_response_id":null')
      .replace(API_ID, (id, prefix: string) => rename(id, prefix))
      .replace(ENCRYPTED, (encrypted) => rename(encrypted, 'enc'));
    if (replaced === value && GENERATED_ID_KEYS.has(key) && !value.includes('#')) return rename(value, 'gen');
    return replaced;
  });
  return sortKeys(JSON.parse(text)) as Observation;
}

/** Keys in order, so equal observations are equal JSON (the server's copy of an item orders them its way). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
