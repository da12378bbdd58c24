import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI, type WsOpenAIProviderSettings } from '../../src';
import {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { waitFor } from '../provider/wait-for';

/**
 * Many conversations at once, as a server with many users runs them: a request never waits behind
 * another conversation's response while a socket can be opened (as over HTTP), a conversation finds its
 * socket however long its tools run, and every provider with the same settings shares the process's
 * sockets. Counts and order, not timing: a request held back on the client would never reach the gate the
 * emulator's model waits at.
 */
let emulator: ResponsesEmulator | undefined;
const providers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.close();
  await emulator?.close();
  emulator = undefined;
});

/**
 * A model that holds every conversation's first response until `release()` (a test first waits until
 * the first requests it expects are all at the server at once, `arrived()`), then calls `lookup` until `steps - 1` results came back,
 * and answers with the conversation's name and its results, so cross-wiring shows.
 */
function gatedAgent(steps: number) {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const model = scriptedModel(async ({ input }) => {
    const texts = input.map((item) => JSON.stringify(item));
    const name = /conversation-\d+/.exec(texts.find((text) => text.includes('conversation-')) ?? '')?.[0];
    const results = input.filter((item) => (item as { type?: string }).type === 'function_call_output');
    if (results.length === 0) {
      arrived++;
      await gate;
    }
    if (results.length < steps - 1)
      return {
        output: [{ type: 'function_call' as const, name: 'lookup', arguments: JSON.stringify({ name }) }],
      };
    const values = results.map((item) => (item as { output: string }).output);
    return { output: [{ type: 'message' as const, text: `${name}: ${values.join(',')}` }] };
  });
  return { model, arrived: () => arrived, release: () => open() };
}

const lookup = tool({
  inputSchema: z.object({ name: z.string() }),
  execute: async ({ name }) => `${name}#ok`,
});

/** An agent whose gate is open from the start. */
function openAgent(steps: number) {
  const agent = gatedAgent(steps);
  agent.release();
  return agent;
}

async function setUp(
  settings: WsOpenAIProviderSettings,
  model = openAgent(1).model,
  options: Omit<ResponsesEmulatorOptions, 'model'> = {},
) {
  emulator = await createResponsesEmulator({ model, ...options });
  return provider(settings);
}

function provider(settings: WsOpenAIProviderSettings = {}) {
  const created = createWsOpenAI({ baseURL: emulator!.baseURL, apiKey: 'sk-on-demand', ...settings });
  providers.push(created);
  return created;
}

function converse(
  model: ReturnType<ReturnType<typeof createWsOpenAI>>,
  index: number,
  steps: number,
  tools = { lookup },
) {
  const result = streamText({
    model,
    prompt: `conversation-${index}`,
    tools,
    stopWhen: stepCountIs(steps),
  });
  return Promise.all([result.text, result.steps]).then(([text, allSteps]) => ({
    index,
    text,
    steps: allSteps,
  }));
}

function expectAnswered(results: Array<{ index: number; text: string }>, steps: number) {
  for (const { index, text } of results) {
    const name = `conversation-${index}`;
    expect(text).toBe(
      `${name}: ${Array(steps - 1)
        .fill(`${name}#ok`)
        .join(',')}`,
    );
  }
}

describe('sockets on demand', () => {
  it("never makes a request wait behind another conversation's response while a socket can be opened", async () => {
    const agent = gatedAgent(3);
    const openai = await setUp({}, agent.model);
    const running = Array.from({ length: 24 }, (_, index) => converse(openai('gpt-5.4'), index, 3));

    // Every first step is at the server at once: none waits for a socket on the client.
    await waitFor(() => agent.arrived() === 24);
    agent.release();
    const results = await Promise.all(running);

    expectAnswered(results, 3);
    const followUps = results.flatMap(({ steps }) => steps.slice(1));
    expect(followUps.map((step) => step.providerMetadata?.['openai-ws']?.continued)).toEqual(
      Array(48).fill(true),
    );
    const requests = emulator!.metrics.requests;
    expect(requests.every((request) => request.transport === 'ws')).toBe(true);
    expect(requests.some((request) => 'stream_id' in request.body)).toBe(false);
    expect(emulator!.metrics.peakOpenConnections).toBe(24);
    expect(emulator!.metrics.connections).toBe(24);
  });

  it('at maxConnections the other requests go over HTTP at once, and their steps say why', async () => {
    const agent = gatedAgent(1);
    const openai = await setUp({ maxConnections: 3 }, agent.model);
    const running = Array.from({ length: 5 }, (_, index) => converse(openai('gpt-5.4'), index, 1));

    await waitFor(() => agent.arrived() === 5);
    agent.release();
    const results = await Promise.all(running);

    const metadata = results.map(({ steps }) => steps[0]!.providerMetadata?.['openai-ws']);
    const overHttp = metadata.filter((step) => step?.transport === 'http');
    expect(overHttp).toHaveLength(2);
    expect(overHttp.every((step) => step?.httpReason === 'connection-limit')).toBe(true);
    const transports = emulator!.metrics.requests.map((request) => request.transport).sort();
    expect(transports).toEqual(['http', 'http', 'ws', 'ws', 'ws']);
    expect(emulator!.metrics.peakOpenConnections).toBe(3);
  });

  it.each([
    ['answers the request of a socket too many with websocket_connection_limit_reached', 'error-frame'],
    ['answers the upgrade of a socket too many with 429', 'refuse-upgrade'],
  ] as const)(
    'when the host %s, that request goes over HTTP at once; later ones keep to its limit',
    async (_, answer) => {
      const agent = gatedAgent(2);
      const openai = await setUp({}, agent.model, { connectionLimit: { perKey: 2, answer } });
      const running = Array.from({ length: 5 }, (_, index) => converse(openai('gpt-5.4'), index, 2));
      await waitFor(() => agent.arrived() === 5);
      agent.release();
      const results = await Promise.all(running);

      expectAnswered(results, 2);
      const firstSteps = results.map(({ steps }) => steps[0]!.providerMetadata?.['openai-ws']);
      const overHttp = firstSteps.filter((step) => step?.transport === 'http');
      expect(overHttp).toHaveLength(3);
      expect(overHttp.every((step) => step?.httpReason === 'host-connection-limit')).toBe(true);
      // Nothing was run twice: every refused socket was refused before a response started.
      const requests = emulator!.metrics.requests;
      expect(requests.filter((request) => request.accepted)).toHaveLength(10);
      expect(emulator!.metrics.peakOpenConnections).toBeLessThanOrEqual(2 + 3);
      // The two sockets the host took carry their conversations on; the others went on over HTTP.
      const secondSteps = results.map(({ steps }) => steps[1]!.providerMetadata?.['openai-ws']);
      expect(secondSteps.filter((step) => step?.continued === true)).toHaveLength(2);
      expect(secondSteps.filter((step) => step?.httpReason === 'host-connection-limit')).toHaveLength(3);
    },
  );

  it('a conversation finds its socket however long its tools run, while new conversations arrive', async () => {
    let toolsStarted = 0;
    let finishTools!: () => void;
    const toolsMayFinish = new Promise<void>((resolve) => {
      finishTools = resolve;
    });
    const slowLookup = tool({
      inputSchema: z.object({ name: z.string() }),
      execute: async ({ name }) => {
        toolsStarted++;
        await toolsMayFinish;
        return `${name}#ok`;
      },
    });
    const agent = openAgent(3);
    // Items are kept by reference for a moment only: the tools outlast it, so steps compare digests.
    const openai = await setUp({ chainAffinityMs: 10 }, agent.model);
    const slow = Array.from({ length: 8 }, (_, index) =>
      converse(openai('gpt-5.4'), index, 3, { lookup: slowLookup }),
    );
    await waitFor(() => toolsStarted === 8);
    // Eight idle sockets, each awaiting its conversation's tool results: new conversations do not take them.
    const arriving = await Promise.all(
      Array.from({ length: 8 }, (_, index) => converse(openai('gpt-5.4'), 8 + index, 3)),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    finishTools();
    const results = [...(await Promise.all(slow)), ...arriving];

    expectAnswered(results, 3);
    const followUps = results.flatMap(({ steps }) => steps.slice(1));
    expect(followUps.every((step) => step.providerMetadata?.['openai-ws']?.continued === true)).toBe(true);
    expect(emulator!.metrics.connections).toBe(16);
  });
});

describe('one pool per process', () => {
  it('providers made per request reuse the sockets of those before them', async () => {
    await setUp({});
    for (let index = 0; index < 5; index++) {
      const result = await generateText({ model: provider()('gpt-5.4'), prompt: `request ${index}` });
      expect(result.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: index > 0 });
    }
    expect(emulator!.metrics.connections).toBe(1);

    // Another key never shares them.
    await generateText({ model: provider({ apiKey: 'sk-someone-else' })('gpt-5.4'), prompt: 'other key' });
    expect(emulator!.metrics.connections).toBe(2);
  });

  it('as many sockets as requests ran at once, reused afterwards', async () => {
    const agent = gatedAgent(1);
    await setUp({}, agent.model);
    const running = Array.from({ length: 4 }, (_, index) => converse(provider()('gpt-5.4'), index, 1));
    await waitFor(() => agent.arrived() === 4);
    agent.release();
    await Promise.all(running);
    for (let index = 4; index < 12; index++) await converse(provider()('gpt-5.4'), index, 1);
    expect(emulator!.metrics.connections).toBe(4);
  });

  it("close() ends what its provider started and not another provider's conversations", async () => {
    await setUp({}, openAgent(2).model);
    const [first, second] = [provider(), provider()];
    // A tool without execute: each call ends at its tool call, its socket awaiting the results.
    const declared = { lookup: tool({ inputSchema: z.object({ name: z.string() }) }) };
    const ofSecond = await generateText({
      model: second('gpt-5.4'),
      prompt: 'conversation-2',
      tools: declared,
    });
    await generateText({ model: first('gpt-5.4'), prompt: 'conversation-1', tools: declared });
    expect(emulator!.metrics.openConnections).toBe(2);

    await first.close();
    await waitFor(() => emulator!.metrics.openConnections === 1);
    await expect(generateText({ model: first('gpt-5.4'), prompt: 'again' })).rejects.toThrow(/closed/);

    const call = ofSecond.toolCalls[0]!;
    const next = await generateText({
      model: second('gpt-5.4'),
      messages: [
        { role: 'user', content: 'conversation-2' },
        ...ofSecond.response.messages,
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: call.toolCallId,
              toolName: 'lookup',
              output: { type: 'text', value: 'conversation-2#ok' },
            },
          ],
        },
      ],
      tools: declared,
    });
    expect(next.text).toBe('conversation-2: conversation-2#ok');
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({
      continued: true,
      connectionId: ofSecond.providerMetadata?.['openai-ws']?.connectionId,
    });
  });

  it('a refreshed token retires the sockets of the previous one once their responses end', async () => {
    let token = 'token-1';
    await setUp({});
    const openai = provider({ apiKey: undefined, headers: () => ({ Authorization: `Bearer ${token}` }) });
    await generateText({ model: openai('gpt-5.4'), prompt: 'conversation-1' });
    expect(emulator!.metrics.openConnections).toBe(1);
    token = 'token-2';
    const next = await generateText({ model: openai('gpt-5.4'), prompt: 'conversation-2' });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ connectionReused: false });
    await waitFor(() => emulator!.metrics.openConnections === 1);
    expect(emulator!.metrics.connections).toBe(2);
  });
});

describe('lanes', () => {
  it('aborting the only running response keeps a socket whose other lane holds a conversation', async () => {
    // conversation-2's response is still being written when it is aborted.
    let finishSecond!: () => void;
    const secondMayFinish = new Promise<void>((resolve) => {
      finishSecond = resolve;
    });
    const agent = openAgent(2).model;
    const model = scriptedModel(async (turn) => {
      if (JSON.stringify(turn.input).includes('conversation-2')) await secondMayFinish;
      return agent(turn);
    });
    const openai = await setUp({ lanes: 2 }, model);
    // A tool without execute: the call ends at its tool call, its lane awaiting the results.
    const declared = { lookup: tool({ inputSchema: z.object({ name: z.string() }) }) };
    const waiting = await generateText({
      model: openai('gpt-5.4'),
      prompt: 'conversation-1',
      tools: declared,
    });
    const controller = new AbortController();
    const aborted = streamText({
      model: openai('gpt-5.4'),
      prompt: 'conversation-2',
      tools: declared,
      abortSignal: controller.signal,
    });
    await waitFor(() => emulator!.metrics.requests.length === 2);
    controller.abort();
    await expect(aborted.text).rejects.toThrow(/abort/i);

    const call = waiting.toolCalls[0]!;
    const next = await generateText({
      model: openai('gpt-5.4'),
      messages: [
        { role: 'user', content: 'conversation-1' },
        ...waiting.response.messages,
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: call.toolCallId,
              toolName: 'lookup',
              output: { type: 'text', value: 'conversation-1#ok' },
            },
          ],
        },
      ],
      tools: declared,
    });
    expect(next.providerMetadata?.['openai-ws']).toMatchObject({ continued: true });
    expect(emulator!.metrics.connections).toBe(1);
    finishSecond();
  });

  it('aborting one response leaves the other lanes of its socket running; its lane serves again once drained', async () => {
    const agent = gatedAgent(1);
    const openai = await setUp({ lanes: 2 }, agent.model);
    const controller = new AbortController();
    const aborted = generateText({
      model: openai('gpt-5.4'),
      prompt: 'conversation-0',
      abortSignal: controller.signal,
    });
    const kept = converse(openai('gpt-5.4'), 1, 1);
    await waitFor(() => agent.arrived() === 2);
    controller.abort();
    await expect(aborted).rejects.toThrow(/abort/i);
    agent.release();
    expectAnswered([await kept], 1);
    // The server ran the aborted response to its end (no per-response cancel); then its lane is free.
    await waitFor(() => emulator!.metrics.requests.every((request) => request.outcome === 'completed'));
    expectAnswered(
      await Promise.all([converse(openai('gpt-5.4'), 2, 1), converse(openai('gpt-5.4'), 3, 1)]),
      1,
    );
    expect(emulator!.metrics.connections).toBe(1);
  });

  it('a host that refuses lanes turns them off with one warning; every request is answered once', async () => {
    const warnings: string[] = [];
    const agent = gatedAgent(3);
    const openai = await setUp({ lanes: 4, warn: (message) => warnings.push(message) }, agent.model, {
      hostConventions: { lanes: false },
    });
    const running = Array.from({ length: 4 }, (_, index) => converse(openai('gpt-5.4'), index, 3));
    await waitFor(() => agent.arrived() === 4);
    agent.release();
    const results = await Promise.all(running);

    expectAnswered(results, 3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/does not take stream_id lanes/);
    const requests = emulator!.metrics.requests;
    const refused = requests.filter((request) => 'stream_id' in request.body);
    expect(refused.every((request) => request.outcome === 'error' && !request.accepted)).toBe(true);
    const answered = requests.filter((request) => request.accepted);
    expect(answered).toHaveLength(12);
    expect(answered.some((request) => 'stream_id' in request.body)).toBe(false);
    const followUps = results.flatMap(({ steps }) => steps.slice(1));
    expect(followUps.every((step) => step.providerMetadata?.['openai-ws']?.continued === true)).toBe(true);
  });

  it('with lanes: 4, eight conversations run on two sockets, each continuing on its own lane', async () => {
    const agent = gatedAgent(3);
    const openai = await setUp({ lanes: 4 }, agent.model);
    const running = Array.from({ length: 8 }, (_, index) => converse(openai('gpt-5.4'), index, 3));
    await waitFor(() => agent.arrived() === 8);
    agent.release();
    const results = await Promise.all(running);

    expectAnswered(results, 3);
    expect(emulator!.metrics.connections).toBe(2);
    const requests = emulator!.metrics.requests;
    expect(new Set(requests.map((request) => request.body.stream_id)).size).toBe(4);
    for (const { steps } of results) {
      const metadata = steps.map((step) => step.providerMetadata?.['openai-ws']);
      expect(metadata.slice(1).every((step) => step?.continued === true)).toBe(true);
      // The whole conversation ran on one lane of one socket.
      expect(new Set(metadata.map((step) => `${step?.connectionId}/${step?.lane}`)).size).toBe(1);
    }
    expect(
      requests.filter((request) => request.previousResponseId !== undefined && request.cacheHit),
    ).toHaveLength(16);
  });
});
