import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { waitFor } from '../provider/wait-for';
import { runScript } from './run-script';

let emulator: ResponsesEmulator | undefined;
let provider: WsOpenAIProvider | undefined;

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
  provider = undefined;
  emulator = undefined;
});

const prompt = (text: string): LanguageModelV3CallOptions['prompt'] => [
  { role: 'user', content: [{ type: 'text', text }] },
];

/** Answers `call` with a tool call (so the socket is held for the next step), anything else with text. */
const model = scriptedModel(({ newInput }) => {
  const text = JSON.stringify(newInput);
  if (text.includes('call')) return { output: [{ type: 'function_call', name: 'lookup', arguments: '{}' }] };
  return { output: [{ type: 'message', text: `answer ${'word '.repeat(40)}` }] };
});

async function setUp(settings: WsOpenAIProviderSettings) {
  emulator = await createResponsesEmulator({ model });
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-races', ...settings });
  return { emulator, provider };
}

describe('races between callers sharing a pool', () => {
  it('cancelling a stream that already ended does not abort the next response on the same socket', async () => {
    const { emulator, provider } = await setUp({ maxConnections: 1 });
    const first = await provider('gpt-5.4').doStream({ prompt: prompt('first') });
    const reader = first.stream.getReader();
    await reader.read();
    // The server finished the first response and the socket went back to the pool, unread parts and all.
    await waitFor(() => emulator.metrics.requests[0]?.outcome === 'completed');
    emulator.setTiming({ timeToFirstTokenMs: 200 });
    const second = generateText({ model: provider('gpt-5.4'), prompt: 'second' });
    await waitFor(() => emulator.metrics.requests.length === 2);
    await reader.cancel('the first caller stopped reading');

    expect((await second).text).toMatch(/^answer/);
    expect(emulator.metrics.requests.map((request) => request.outcome)).toEqual(['completed', 'completed']);
    expect(emulator.metrics.connections).toBe(1);
  });

  it('a waiter of another credential takes the room of the socket closed for it, never more', async () => {
    const { emulator, provider } = await setUp({
      maxConnections: 1,
      idleTimeoutMs: 200,
      atConnectionLimit: 'wait',
    });
    emulator.setTiming({ timeToFirstTokenMs: 100 });
    const tenantB = generateText({ model: provider('gpt-5.4'), prompt: 'b', headers: { 'x-tenant': 'b' } });
    await waitFor(() => emulator.metrics.requests.length === 1);
    const tenantA = generateText({ model: provider('gpt-5.4'), prompt: 'a', headers: { 'x-tenant': 'a' } });
    await Promise.all([tenantA, tenantB]);

    // One socket per credential: B's, closed to make room, then A's; no third one behind the pool's back.
    expect(emulator.metrics.connections).toBe(2);
    // Every socket the pool opened is one it can retire: none is left behind after the idle timeout.
    await waitFor(() => emulator.metrics.openConnections === 0);
  });

  it('a socket held for its conversation goes to a waiter as soon as the hold expires', async () => {
    const { emulator, provider } = await setUp({
      maxConnections: 1,
      atConnectionLimit: 'wait',
      chainAffinityMs: 100,
      leaseTimeoutMs: 5_000,
    });
    const tools: LanguageModelV3CallOptions['tools'] = [
      { type: 'function', name: 'lookup', inputSchema: { type: 'object', properties: {} } },
    ];
    // A step that asks for tool results, whose conversation then stops: its socket is held, then freed.
    await provider('gpt-5.4').doGenerate({ prompt: prompt('call'), tools });
    const started = Date.now();
    const other = await generateText({ model: provider('gpt-5.4'), prompt: 'other' });

    expect(other.text).toMatch(/^answer/);
    expect(Date.now() - started, 'served at the end of the hold, not at the lease timeout').toBeLessThan(
      2_500,
    );
    expect(emulator.metrics.connections).toBe(1);
  });
});

describe('a socket that cannot be built', () => {
  it('a header the socket refuses is a non-retryable APICallError without its value; nothing keeps running', async () => {
    const { emulator, provider } = await setUp({ handshakeTimeoutMs: 300 });
    const error = await generateText({
      model: provider('gpt-5.4'),
      prompt: 'x',
      // Fetch's Headers accept this control character; Node's HTTP client (under `ws`) throws on it.
      headers: { 'x-trace': 'sk-races-secret\u0001value' },
    }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'AI_APICallError', isRetryable: false });
    expect(String((error as Error).message)).not.toContain('sk-races');
    expect(emulator.metrics.upgrades.attempted).toBe(0);
    // Past the handshake timeout: a timer left behind by the failed socket would throw now.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = await generateText({ model: provider('gpt-5.4'), prompt: 'ok' });
    expect(next.text).toMatch(/^answer/);
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ transport: 'websocket' });
  });
});

describe('closing with a dead peer', () => {
  it('provider.close() lets the process exit although the server never answers the close', async () => {
    const upstream = await createResponsesEmulator();
    const proxy = await freezableProxy(new URL(upstream.baseURL).port);
    try {
      const script = `
        import { createWsOpenAI } from './src/index.ts';
        import { generateText } from 'ai';
        import { once } from 'node:events';
        const provider = createWsOpenAI({ baseURL: ${JSON.stringify(proxy.baseURL)}, apiKey: 'sk-dead-peer', heartbeatIntervalMs: 0 });
        await generateText({ model: provider('gpt-5.4'), prompt: 'hi' });
        console.log('idle');
        await once(process.stdin, 'data');
        process.stdin.destroy();
        await provider.close();
        console.log('closed');
      `;
      let closedAt = 0;
      const { code, output } = await runScript(script, {
        timeoutMs: 25_000,
        onOutput: (output, child) => {
          if (output.includes('idle') && !proxy.frozen) {
            proxy.freeze();
            child.stdin?.write('go\n');
          }
          if (output.includes('closed')) closedAt ||= Date.now();
        },
      });
      expect(output).toContain('closed');
      expect(code, output).toBe(0);
      // `ws` alone would hold the process for its 30 s closing timeout.
      expect(Date.now() - closedAt).toBeLessThan(10_000);
    } finally {
      proxy.close();
      await upstream.close();
    }
  });
});

/** A TCP relay to the emulator that can go silent in both directions while keeping its connections open. */
async function freezableProxy(port: string) {
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: Number(port) });
    sockets.push(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const proxy = {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    frozen: false,
    freeze() {
      proxy.frozen = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
  return proxy;
}
