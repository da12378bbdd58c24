import { generateText } from 'ai';
import { afterEach, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider, type WsOpenAIProviderSettings } from '../../src';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { waitFor } from '../provider/wait-for';

/**
 * Waiting for a socket (`atConnectionLimit: 'wait'`, the default with `fallback: 'none'`) and retiring the
 * sockets of replaced credentials, on the process's shared pool: counts and transports, not timing.
 */
let emulator: ResponsesEmulator | undefined;
const providers: WsOpenAIProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.close();
  await emulator?.close();
  emulator = undefined;
});

/** A model whose first response waits until `release()`; later ones answer at once. */
function gated() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let calls = 0;
  const model = scriptedModel(async ({ input }) => {
    if (calls++ === 0) await gate;
    return { output: [{ type: 'message' as const, text: `items=${input.length}` }] };
  });
  return { model, release: () => open(), calls: () => calls };
}

async function start(options: ResponsesEmulatorOptions) {
  emulator = await createResponsesEmulator(options);
  return emulator;
}

function provider(settings: WsOpenAIProviderSettings) {
  const created = createWsOpenAI({ baseURL: emulator!.baseURL, apiKey: 'sk-wait', ...settings });
  providers.push(created);
  return created;
}

it("with atConnectionLimit: 'wait', a socket the host refused makes the request wait, not go over HTTP", async () => {
  const { model, release, calls } = gated();
  await start({ model, connectionLimit: { perKey: 1 } });
  const openai = provider({ atConnectionLimit: 'wait' });
  const first = generateText({ model: openai('gpt-5.4'), prompt: 'first' });
  await waitFor(() => calls() === 1);
  const second = generateText({ model: openai('gpt-5.4'), prompt: 'second' });
  // The second socket is refused by the host; the request waits for the first socket to come free.
  await waitFor(() => emulator!.metrics.connectionLimitRefusals === 1);
  release();
  const results = await Promise.all([first, second]);

  expect(results.map((result) => result.text)).toEqual(['items=1', 'items=1']);
  expect(results[1]!.providerMetadata?.['openai-ws']).toMatchObject({
    transport: 'websocket',
    recovery: 'connection_limit_reached',
  });
  expect(emulator!.metrics.requests.every((request) => request.transport === 'ws')).toBe(true);
});

it('a waiting request of one key takes the room an idle socket of another key frees', async () => {
  const { model, release, calls } = gated();
  await start({ model });
  const settings = { maxConnections: 1, atConnectionLimit: 'wait', leaseTimeoutMs: 20_000 } as const;
  const [alice, bob] = [
    provider({ ...settings, apiKey: 'sk-alice' }),
    provider({ ...settings, apiKey: 'sk-bob' }),
  ];
  const ofAlice = generateText({ model: alice('gpt-5.4'), prompt: 'alice' });
  await waitFor(() => calls() === 1);
  const ofBob = generateText({ model: bob('gpt-5.4'), prompt: 'bob' });
  release();
  // Alice's socket goes idle holding a finished turn: it is closed to make room for Bob's key.
  expect((await ofBob).text).toBe('items=1');
  expect((await ofAlice).text).toBe('items=1');
  // One socket each, Bob's opened only once Alice's was closed (the server sees that close a moment later).
  expect(emulator!.metrics.connections).toBe(2);
  expect(emulator!.metrics.requests.every((request) => request.transport === 'ws')).toBe(true);
});

it('credentials that come back after a refresh open sockets that live on as any other', async () => {
  await start({ model: scriptedModel(() => ({ output: [{ type: 'message', text: 'ok' }] })) });
  let token = 'token-a';
  const openai = provider({ apiKey: undefined, headers: () => ({ Authorization: `Bearer ${token}` }) });
  const ask = () => generateText({ model: openai('gpt-5.4'), prompt: 'x' });
  await ask();
  token = 'token-b';
  await ask();
  token = 'token-a';
  await ask();
  // token-a's new socket is an ordinary one: the next request reuses it.
  const again = await ask();
  expect(again.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: true });
  await waitFor(() => emulator!.metrics.openConnections === 1);
});
