/**
 * Clients we did not write, unchanged, against the emulator: `openai` 7.x (HTTP and ResponsesWS; its
 * session lanes are in lanes-and-steering.test.ts) and `@ai-sdk/openai` over HTTP. The Agents SDK and
 * codex exec run from test/clients (their own install).
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponsesEmulator, demoModel, type ResponsesEmulator, scriptedModel } from '../../src/testing';

let emulator: ResponsesEmulator;

beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(({ input }) => ({
      output: [{ type: 'message', text: `seen ${input.length} items` }],
    })),
  });
});

afterEach(async () => {
  await emulator.close();
});

describe('the official openai npm client (7.x)', () => {
  it('streams responses.create over HTTP', async () => {
    const client = new OpenAI({ apiKey: 'sk-openai-node', baseURL: emulator.baseURL });
    const stream = await client.responses.create({ model: 'gpt-5.4', input: 'hello', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('seen 1 items');
  });

  it('chains responses over its WebSocket client with previous_response_id and store: false', async () => {
    const client = new OpenAI({ apiKey: 'sk-openai-node', baseURL: emulator.baseURL });
    const socket = new ResponsesWS(client);
    const completed: Array<{ id: string; text: string }> = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.on('event', (event) => {
        if (event.type === 'error') reject(new Error(JSON.stringify(event)));
        if (event.type !== 'response.completed') return;
        const message = event.response.output.find((item) => item.type === 'message');
        const text =
          message?.type === 'message' && message.content[0]?.type === 'output_text'
            ? message.content[0].text
            : '';
        completed.push({ id: event.response.id, text });
        if (completed.length === 3) resolve();
        else {
          socket.send({
            type: 'response.create',
            model: 'gpt-5.4',
            store: false,
            previous_response_id: event.response.id,
            input: [{ role: 'user', content: `turn ${completed.length + 1}` }],
          });
        }
      });
    });
    socket.send({
      type: 'response.create',
      model: 'gpt-5.4',
      store: false,
      input: [{ role: 'user', content: 'turn 1' }],
    });
    await done;
    socket.close();

    // Each turn sees the whole conversation: 1, then 1 + 1 + 1, then 3 + 1 + 1 items.
    expect(completed.map((turn) => turn.text)).toEqual(['seen 1 items', 'seen 3 items', 'seen 5 items']);
    expect(emulator.metrics.connections).toBe(1);
    expect(
      emulator.metrics.requests.map((request) => [request.previousResponseId, request.cacheHit]),
    ).toEqual([
      [undefined, undefined],
      [completed[0]!.id, true],
      [completed[1]!.id, true],
    ]);
  });
});

describe('the official openai client with stream_id lanes', () => {
  it('ResponsesWS runs two lanes at once on one socket, each continuing its own chain', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    emulator.setModel(
      scriptedModel(async ({ input, newInput }) => {
        const text = String((newInput.at(-1) as { content?: unknown } | undefined)?.content);
        started.push(text);
        await gate;
        return { output: [{ type: 'message', text: `${text}: seen ${input.length} items` }] };
      }),
    );
    const client = new OpenAI({ apiKey: 'sk-openai-node', baseURL: emulator.baseURL });
    const socket = new ResponsesWS(client);
    const byLane = new Map<string | undefined, string[]>();
    const texts: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.on('event', (event) => {
        const lane = (event as { stream_id?: string }).stream_id;
        byLane.set(lane, [...(byLane.get(lane) ?? []), event.type]);
        if (event.type === 'error') reject(new Error(JSON.stringify(event)));
        if (event.type !== 'response.completed') return;
        const message = event.response.output.find((item) => item.type === 'message');
        texts.push(
          message?.type === 'message' && message.content[0]?.type === 'output_text'
            ? message.content[0].text
            : '',
        );
        if (texts.length === 4) return resolve();
        // Each lane continues from its own latest response, with only the new item.
        if (!texts.at(-1)!.includes('2'))
          socket.send({
            type: 'response.create',
            model: 'gpt-5.4',
            store: false,
            stream_id: lane!,
            previous_response_id: event.response.id,
            input: [{ role: 'user', content: `${lane} 2` }],
          });
      });
    });
    for (const lane of ['left', 'right'])
      socket.send({
        type: 'response.create',
        model: 'gpt-5.4',
        store: false,
        stream_id: lane,
        input: [{ role: 'user', content: `${lane} 1` }],
      });
    // Both lanes' first responses are running before either completes.
    await expect.poll(() => [...started].sort()).toEqual(['left 1', 'right 1']);
    release();
    await done;
    socket.close();

    expect([...texts].sort()).toEqual([
      'left 1: seen 1 items',
      'left 2: seen 3 items',
      'right 1: seen 1 items',
      'right 2: seen 3 items',
    ]);
    // Every event carries its lane's stream_id: none arrived without one.
    expect([...byLane.keys()].sort()).toEqual(['left', 'right']);
    for (const lane of ['left', 'right'])
      expect(byLane.get(lane)!.filter((type) => type === 'response.created')).toHaveLength(2);
    expect(emulator.metrics.connections).toBe(1);
    expect(emulator.metrics.requests.map((request) => request.cacheHit)).toEqual([
      undefined,
      undefined,
      true,
      true,
    ]);
  });
});

describe('the official openai client with compression', () => {
  it('ResponsesWS with perMessageDeflate on negotiates it and chains as without', async () => {
    const client = new OpenAI({ apiKey: 'sk-openai-node', baseURL: emulator.baseURL });
    const socket = new ResponsesWS(client, { perMessageDeflate: { threshold: 0 } });
    const texts: string[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('event', (event) => {
        if (event.type === 'error') reject(new Error(JSON.stringify(event)));
        if (event.type !== 'response.completed') return;
        // Raw socket events carry the response as sent: no output_text convenience.
        const message = event.response.output.find((item) => item.type === 'message');
        texts.push(
          message?.type === 'message' && message.content[0]?.type === 'output_text'
            ? message.content[0].text
            : '',
        );
        if (texts.length === 2) return resolve();
        socket.send({
          type: 'response.create',
          model: 'gpt-5.4',
          store: false,
          previous_response_id: event.response.id,
          input: 'again',
        });
      });
      socket.send({ type: 'response.create', model: 'gpt-5.4', store: false, input: 'x'.repeat(4_000) });
    });
    expect(socket.socket.platformSocket.extensions).toContain('permessage-deflate');
    socket.close();
    expect(texts).toEqual(['seen 1 items', 'seen 3 items']);
    expect(emulator.metrics.requests.map((request) => request.cacheHit)).toEqual([undefined, true]);
  });
});

describe('@ai-sdk/openai over HTTP', () => {
  const openai = () => createOpenAI({ apiKey: 'sk-ai-sdk', baseURL: emulator.baseURL });
  const weather = tool({
    description: 'Weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `sunny in ${city}`,
  });

  it('runs a streamText tool loop against the demo model', async () => {
    emulator.setModel(demoModel());
    const result = streamText({
      model: openai().responses('gpt-5.4'),
      prompt: 'Weather in Oslo?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    const text = await result.text;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.toolCalls.map((call) => call.toolName)).toEqual(['weather']);
    expect(text).toContain(`weather: sunny in ${(steps[0]!.toolCalls[0]!.input as { city: string }).city}`);
    expect(emulator.metrics.requests.every((request) => request.transport === 'http')).toBe(true);
  });

  it('runs generateText, and a multi-turn chain with store: true and previousResponseId', async () => {
    const model = openai().responses('gpt-5.4');
    const first = await generateText({ model, prompt: 'one', providerOptions: { openai: { store: true } } });
    expect(first.text).toBe('seen 1 items');
    const second = await generateText({
      model,
      prompt: 'two',
      providerOptions: {
        openai: { store: true, previousResponseId: first.providerMetadata?.openai?.responseId as string },
      },
    });
    expect(second.text).toBe('seen 3 items');
    expect(emulator.metrics.requests[1]).toMatchObject({ transport: 'http', cacheHit: false });
  });
});
