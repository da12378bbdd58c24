/**
 * Stream-mapping throughput: the largest recorded response (test/fixtures/openai-compaction.1.chunks.txt,
 * one server event per line) is replayed from memory, with no network and no emulator, through
 *
 * - `wsOpenAI`: a fake WebSocket (the provider's `WebSocket` seam) delivers each line as a text frame, so
 *   the events go through the provider's whole receive path: `ResponsesConnection` (JSON parse, terminal
 *   detection, timers) → the transport's SSE re-framing → `@ai-sdk/openai`'s SSE parser, schema validation
 *   and event → stream-part mapping → the adapter's metadata transform;
 * - `@ai-sdk/openai` over HTTP, for reference: a fake `fetch` returns the same events as one in-memory SSE
 *   body delivered one chunk per event (as a streaming response arrives), so only SSE decoding, parsing,
 *   validation and mapping run.
 *
 * Events/s = server events consumed (lines of the fixture × replays) / wall time of the replays.
 */
import { readFileSync } from 'node:fs';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { createWsOpenAI } from '../src';

export const MAPPING_FIXTURE = 'test/fixtures/openai-compaction.1.chunks.txt';

export interface MappingResult {
  readonly contender: 'ws-incremental' | 'http';
  readonly fixture: string;
  readonly eventsPerReplay: number;
  readonly fixtureBytes: number;
  readonly replays: number;
  readonly partsPerReplay: number;
  readonly elapsedMs: number;
  readonly cpuMs: number;
  readonly eventsPerSecond: number;
  readonly megabytesPerSecond: number;
}

function loadFrames(): string[] {
  return readFileSync(new URL(`../${MAPPING_FIXTURE}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A `ws`-shaped socket that answers every `response.create` with the recorded frames. */
function replaySocketClass(frames: readonly string[]) {
  return class ReplaySocket {
    private readonly listeners = new Map<string, Array<(event: any) => void>>();
    constructor(_url: string, _init?: unknown) {
      setImmediate(() => this.dispatch('open', {}));
    }
    addEventListener(type: string, listener: (event: any) => void): void {
      const list = this.listeners.get(type) ?? [];
      list.push(listener);
      this.listeners.set(type, list);
    }
    send(_text: string): void {
      setImmediate(() => {
        for (const data of frames) this.dispatch('message', { data });
      });
    }
    close(code = 1000): void {
      setImmediate(() => this.dispatch('close', { code, reason: '' }));
    }
    terminate(): void {
      this.close(1006);
    }
    private dispatch(type: string, event: unknown): void {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    }
  };
}

const CALL: LanguageModelV3CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Summarise the repository.' }] }],
  providerOptions: { openai: { store: false } },
};

async function consume(model: LanguageModelV3): Promise<number> {
  const { stream } = await model.doStream(CALL);
  const reader = stream.getReader();
  let parts = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    if (value.type === 'error')
      throw new Error(`mapping produced an error part: ${JSON.stringify(value.error)}`);
    parts++;
  }
}

export async function runMappingBenchmark(options: {
  replays: number;
  warmup: number;
}): Promise<MappingResult[]> {
  const frames = loadFrames();
  const fixtureBytes = frames.reduce((total, frame) => total + Buffer.byteLength(frame), 0);
  const encoder = new TextEncoder();
  // One chunk per event, as a streaming HTTP response delivers them (and as the socket does).
  const sseChunks = frames.map((frame) => encoder.encode(`data: ${frame}\n\n`));

  const ws = createWsOpenAI({
    baseURL: 'http://replay.invalid/v1',
    apiKey: 'sk-bench',
    WebSocket: replaySocketClass(frames),
    heartbeatIntervalMs: 0,
    fallback: 'none',
  });
  const http = createOpenAI({
    baseURL: 'http://replay.invalid/v1',
    apiKey: 'sk-bench',
    fetch: async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of sseChunks) controller.enqueue(chunk);
            controller.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      ),
  });

  const results: MappingResult[] = [];
  try {
    for (const [contender, model] of [
      ['ws-incremental', ws.responses('gpt-bench')],
      ['http', http.responses('gpt-bench')],
    ] as const) {
      for (let i = 0; i < options.warmup; i++) await consume(model);
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      let parts = 0;
      for (let i = 0; i < options.replays; i++) parts = await consume(model);
      const elapsedMs = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const events = frames.length * options.replays;
      results.push({
        contender,
        fixture: MAPPING_FIXTURE,
        eventsPerReplay: frames.length,
        fixtureBytes,
        replays: options.replays,
        partsPerReplay: parts,
        elapsedMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        eventsPerSecond: events / (elapsedMs / 1000),
        megabytesPerSecond: (fixtureBytes * options.replays) / 1e6 / (elapsedMs / 1000),
      });
    }
  } finally {
    await ws.close();
  }
  return results;
}
