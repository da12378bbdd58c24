/**
 * The official `openai` 7.x client's calls on stored responses, against the emulator's routes:
 * `responses.retrieve`, `inputItems.list` (its paging iterator), `delete`, `cancel`, background mode
 * polled with `retrieve`, and the route errors as the client's `APIError`s (status, code, param). What the
 * routes answer byte for byte is asserted in the main suite (test/emulator/http-routes.test.ts).
 */
import OpenAI from 'openai';
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

describe('the official openai client on stored responses', () => {
  it('retrieve, inputItems.list and delete; a deleted response is a 404, and continuing it a 400 with its code', async () => {
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

  it('a background response: queued, polled to completed with retrieve, then continued; cancel is refused once it is done', async () => {
    hold();
    const queued = await client.responses.create({ model: 'gpt-5.4', input: 'slow', background: true });
    expect(queued).toMatchObject({ status: 'queued', background: true });
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('in_progress');
    open();
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('completed');
    expect(await client.responses.retrieve(queued.id)).toMatchObject({ output_text: 'items=1' });
    const next = await client.responses.create({
      model: 'gpt-5.4',
      previous_response_id: queued.id,
      input: 'on',
    });
    expect(next.output_text).toBe('items=3');
    await expect(client.responses.cancel(queued.id)).rejects.toMatchObject({ status: 400 });
  });

  it('cancel stops a running background response: cancelled, no output, the same when asked again', async () => {
    hold();
    const queued = await client.responses.create({ model: 'gpt-5.4', input: 'slow', background: true });
    await expect.poll(async () => (await client.responses.retrieve(queued.id)).status).toBe('in_progress');
    expect(await client.responses.cancel(queued.id)).toMatchObject({
      id: queued.id,
      status: 'cancelled',
      output: [],
    });
    expect((await client.responses.cancel(queued.id)).status).toBe('cancelled');
    open();
    await expect.poll(() => emulator.metrics.requests[0]?.outcome).toBe('closed');
    expect(await client.responses.retrieve(queued.id)).toMatchObject({ status: 'cancelled', output: [] });
  });

  it('background without store is a 400 naming the parameter', async () => {
    await expect(
      client.responses.create({ model: 'gpt-5.4', input: 'x', background: true, store: false }),
    ).rejects.toMatchObject({ status: 400, param: 'background' });
  });
});
