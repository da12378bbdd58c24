/**
 * The official `openai` 7.x client, unchanged, against the emulator: streaming over HTTP, its stream helper
 * accumulating every output a scripted model can produce, and ResponsesWS chaining (with and without
 * compression). Its lanes are in openai-lanes.test.ts, its stored-response calls in
 * openai-stored-responses.test.ts. Here (own install, Node 24 by run.sh) because `openai` 7.x declares
 * engines node >= 22.
 */
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { EVERY_SCRIPTED_OUTPUT, expectEveryScriptedOutput } from '../emulator/every-scripted-output';
import { completedText } from './completed-text';

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
        texts.push(completedText(event));
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

describe('the official client with every scripted output', () => {
  it('responses.stream accumulates their events into the final response', async () => {
    emulator.setModel(scriptedModel(() => ({ output: EVERY_SCRIPTED_OUTPUT })));
    const client = new OpenAI({ apiKey: 'sk-outputs', baseURL: emulator.baseURL });
    const stream = client.responses.stream({
      model: 'gpt-5.4',
      input: 'patch it',
      include: ['reasoning.encrypted_content'],
    });
    const types: string[] = [];
    let customInput = '';
    stream.on('event', (event) => {
      types.push(event.type);
      if (event.type === 'response.custom_tool_call_input.delta') customInput += event.delta;
    });
    const final = await stream.finalResponse();

    expectEveryScriptedOutput(final.output, customInput, types);
    expect(final.output_text).toBe('done');
  });
});
