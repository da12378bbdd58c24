/**
 * The stored-response HTTP routes and background mode, through the official `openai` 7.x client: what the
 * README promises (stored responses visible over HTTP) and what a client polling a background response does.
 */
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';

let emulator: ResponsesEmulator;
let client: OpenAI;
let gate: Promise<void> | undefined;
let open = () => {};
const hold = () => {
  gate = new Promise((resolve) => {
    open = resolve;
  });
};

beforeEach(async () => {
  gate = undefined;
  emulator = await createResponsesEmulator({
    model: scriptedModel(async ({ input }) => {
      await gate;
      return { output: [{ type: 'message', text: `items=${input.length}` }] };
    }),
  });
  client = new OpenAI({ apiKey: 'sk-routes', baseURL: emulator.baseURL });
});

afterEach(async () => {
  open();
  await emulator.close();
});

describe('stored responses over HTTP', () => {
  it('GET, input_items and DELETE a response stored over HTTP; a deleted one cannot be continued', async () => {
    const created = await client.responses.create({
      model: 'gpt-5.4',
      input: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
      ],
    });
    const read = await client.responses.retrieve(created.id);
    expect(read).toMatchObject({ id: created.id, status: 'completed', output_text: 'items=2' });

    const items = [];
    for await (const item of client.responses.inputItems.list(created.id)) items.push(item);
    expect(items.map((item) => (item as { content: unknown }).content)).toEqual(['one', 'two']);
    expect(items.every((item) => typeof item.id === 'string')).toBe(true);

    expect(await client.responses.delete(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      client.responses.create({ model: 'gpt-5.4', previous_response_id: created.id, input: 'three' }),
    ).rejects.toMatchObject({ status: 400, code: 'previous_response_not_found' });
  });

  it('a stored response created over WebSocket is readable over HTTP; store: false ones are not', async () => {
    const socket = new ResponsesWS(client);
    const ids: string[] = [];
    await new Promise<void>((resolve) => {
      socket.on('event', (event) => {
        if (event.type !== 'response.completed') return;
        ids.push(event.response.id);
        if (ids.length === 2) resolve();
      });
      socket.send({ type: 'response.create', model: 'gpt-5.4', input: 'kept' });
      socket.send({ type: 'response.create', model: 'gpt-5.4', store: false, input: 'not kept' });
    });
    socket.close();
    expect(await client.responses.retrieve(ids[0]!)).toMatchObject({ status: 'completed', store: true });
    await expect(client.responses.retrieve(ids[1]!)).rejects.toMatchObject({ status: 404 });
  });

  it('an unknown id is 404 on every route; cancelling a response that was not background is refused', async () => {
    await expect(client.responses.retrieve('resp_nope')).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.cancel('resp_nope')).rejects.toMatchObject({ status: 404 });
    const created = await client.responses.create({ model: 'gpt-5.4', input: 'x' });
    await expect(client.responses.cancel(created.id)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('background'),
    });
  });
});

describe("routes under another host's responses path", () => {
  it('follow responsesPath: GET and DELETE under /openai/v1/responses, 404 under /v1/responses', async () => {
    const azure = await createResponsesEmulator({
      hostConventions: { responsesPath: '/openai/v1/responses' },
    });
    try {
      const origin = new URL(azure.baseURL).origin;
      const client = new OpenAI({ apiKey: 'sk-routes', baseURL: `${origin}/openai/v1` });
      const created = await client.responses.create({ model: 'gpt-5.4', input: 'hi' });
      expect((await client.responses.retrieve(created.id)).id).toBe(created.id);
      const elsewhere = await fetch(`${origin}/v1/responses/${created.id}`, {
        headers: { authorization: 'Bearer sk-routes' },
      });
      expect(elsewhere.status).toBe(404);
      expect(await client.responses.delete(created.id)).toMatchObject({ deleted: true });
    } finally {
      await azure.close();
    }
  });
});

describe('background mode over HTTP', () => {
  it('queued at once, in_progress while it runs, then completed and continuable', async () => {
    hold();
    const queued = await client.responses.create({ model: 'gpt-5.4', input: 'slow', background: true });
    expect(queued).toMatchObject({ status: 'queued', background: true });
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('in_progress');
    open();
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('completed');
    const done = await client.responses.retrieve(queued.id);
    expect(done).toMatchObject({ id: queued.id, background: true, output_text: 'items=1' });
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'completed', responseId: queued.id });
    // A completed background response is the start of a chain like any stored one; it can no longer be cancelled.
    const next = await client.responses.create({
      model: 'gpt-5.4',
      previous_response_id: queued.id,
      input: 'on',
    });
    expect(next.output_text).toBe('items=3');
    await expect(client.responses.cancel(queued.id)).rejects.toMatchObject({ status: 400 });
  });

  it('cancel stops it: cancelled, no output, and stays cancelled after the model would have answered', async () => {
    hold();
    const queued = await client.responses.create({ model: 'gpt-5.4', input: 'slow', background: true });
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('in_progress');
    const cancelled = await client.responses.cancel(queued.id);
    expect(cancelled).toMatchObject({ id: queued.id, status: 'cancelled', output: [] });
    // Cancelling again answers the same.
    expect((await client.responses.cancel(queued.id)).status).toBe('cancelled');
    open();
    await expect.poll(() => emulator.metrics.requests[0]?.outcome).toBe('closed');
    expect(await client.responses.retrieve(queued.id)).toMatchObject({ status: 'cancelled', output: [] });
  });

  it('background needs store: true (over WebSocket it stays refused: protocol-rules)', async () => {
    await expect(
      client.responses.create({ model: 'gpt-5.4', input: 'x', background: true, store: false }),
    ).rejects.toMatchObject({ status: 400, param: 'background' });
  });
});
