/**
 * The stored-response HTTP routes and background mode, driven with plain `fetch`: what the README promises
 * (stored responses visible over HTTP) and what a client polling a background response sees. The official
 * `openai` 7.x client's calls on these routes run in test/clients/openai-stored-responses.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { connectRaw, type JsonAnswer, requestJson, responseCreate } from './raw-client';

let emulator: ResponsesEmulator;
let gate: Promise<void> | undefined;
let open = () => {};
const hold = () => {
  gate = new Promise((resolve) => {
    open = resolve;
  });
};

/** `POST /v1/responses` with `body`, or `method` on `/v1/responses/{path}`. */
const create = (body: Record<string, unknown>) =>
  requestJson(`${emulator.baseURL}/responses`, { body: { model: 'gpt-5.4', ...body } });
const call = (method: string, path: string): Promise<JsonAnswer> =>
  requestJson(`${emulator.baseURL}/responses/${path}`, { method });
/** The message text of a response, as the API sends it (no client-side `output_text`). */
const messageText = (text: string) => ({
  output: [{ type: 'message', content: [{ type: 'output_text', text }] }],
});

beforeEach(async () => {
  gate = undefined;
  emulator = await createResponsesEmulator({
    model: scriptedModel(async ({ input }) => {
      await gate;
      return { output: [{ type: 'message', text: `items=${input.length}` }] };
    }),
  });
});

afterEach(async () => {
  open();
  await emulator.close();
});

describe('stored responses over HTTP', () => {
  it('GET, input_items and DELETE a response stored over HTTP; a deleted one cannot be continued', async () => {
    const created = await create({
      input: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
      ],
    });
    expect(created.status).toBe(200);
    const id = String(created.body.id);
    expect(await call('GET', id)).toMatchObject({
      status: 200,
      body: { id, status: 'completed', ...messageText('items=2') },
    });

    const items = await call('GET', `${id}/input_items`);
    expect(items).toMatchObject({ status: 200, body: { object: 'list', has_more: false } });
    const data = items.body.data as Array<{ id: unknown; content: unknown }>;
    expect(data.map((item) => item.content)).toEqual(['one', 'two']);
    expect(data.every((item) => typeof item.id === 'string')).toBe(true);
    expect(items.body).toMatchObject({ first_id: data[0]!.id, last_id: data[1]!.id });

    expect(await call('DELETE', id)).toEqual({
      status: 200,
      body: { id, object: 'response', deleted: true },
    });
    expect((await call('GET', id)).status).toBe(404);
    expect(await create({ previous_response_id: id, input: 'three' })).toMatchObject({
      status: 400,
      body: { error: { code: 'previous_response_not_found' } },
    });
  });

  it('a stored response created over WebSocket is readable over HTTP; store: false ones are not', async () => {
    const raw = await connectRaw(emulator);
    raw.send(responseCreate({ input: 'kept' }));
    const kept = (await raw.untilTerminal()).at(-1)!;
    raw.send(responseCreate({ store: false, input: 'not kept' }));
    const notKept = (await raw.untilTerminal(raw.frames.length)).at(-1)!;
    raw.close();
    const idOf = (event: Record<string, unknown>) => (event.response as { id: string }).id;
    expect(await call('GET', idOf(kept))).toMatchObject({
      status: 200,
      body: { status: 'completed', store: true },
    });
    expect((await call('GET', idOf(notKept))).status).toBe(404);
  });

  it('an unknown id is 404 on every route; cancelling a response that was not background is refused', async () => {
    for (const [method, path] of [
      ['GET', 'resp_nope'],
      ['GET', 'resp_nope/input_items'],
      ['DELETE', 'resp_nope'],
      ['POST', 'resp_nope/cancel'],
    ] as const)
      expect(await call(method, path)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const created = await create({ input: 'x' });
    expect(await call('POST', `${created.body.id}/cancel`)).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('background') } },
    });
  });
});

describe("routes under another host's responses path", () => {
  it('follow responsesPath: GET and DELETE under /openai/v1/responses, 404 under /v1/responses', async () => {
    const azure = await createResponsesEmulator({
      hostConventions: { responsesPath: '/openai/v1/responses' },
    });
    try {
      const base = `${new URL(azure.baseURL).origin}/openai/v1/responses`;
      const created = await requestJson(base, { body: { model: 'gpt-5.4', input: 'hi' } });
      const id = String(created.body.id);
      expect((await requestJson(`${base}/${id}`)).body.id).toBe(id);
      expect((await requestJson(`${new URL(azure.baseURL).origin}/v1/responses/${id}`)).status).toBe(404);
      expect(await requestJson(`${base}/${id}`, { method: 'DELETE' })).toMatchObject({
        status: 200,
        body: { deleted: true },
      });
    } finally {
      await azure.close();
    }
  });
});

describe('background mode over HTTP', () => {
  const statusOf = async (id: string) => (await call('GET', id)).body.status;

  it('queued at once, in_progress while it runs, then completed and continuable', async () => {
    hold();
    const queued = await create({ input: 'slow', background: true });
    expect(queued).toMatchObject({ status: 200, body: { status: 'queued', background: true } });
    const id = String(queued.body.id);
    await expect.poll(() => statusOf(id)).toBe('in_progress');
    open();
    await expect.poll(() => statusOf(id)).toBe('completed');
    expect((await call('GET', id)).body).toMatchObject({ id, background: true, ...messageText('items=1') });
    expect(emulator.metrics.requests[0]).toMatchObject({ outcome: 'completed', responseId: id });
    // A completed background response is the start of a chain like any stored one; it can no longer be cancelled.
    const next = await create({ previous_response_id: id, input: 'on' });
    expect(next.body).toMatchObject(messageText('items=3'));
    expect((await call('POST', `${id}/cancel`)).status).toBe(400);
  });

  it('cancel stops it: cancelled, no output, and stays cancelled after the model would have answered', async () => {
    hold();
    const id = String((await create({ input: 'slow', background: true })).body.id);
    await expect.poll(() => statusOf(id)).toBe('in_progress');
    const cancelled = await call('POST', `${id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { id, status: 'cancelled', output: [] } });
    // Cancelling again answers the same.
    expect((await call('POST', `${id}/cancel`)).body.status).toBe('cancelled');
    open();
    await expect.poll(() => emulator.metrics.requests[0]?.outcome).toBe('closed');
    expect((await call('GET', id)).body).toMatchObject({ status: 'cancelled', output: [] });
  });

  it('background needs store: true (over WebSocket it stays refused: protocol-rules)', async () => {
    expect(await create({ input: 'x', background: true, store: false })).toMatchObject({
      status: 400,
      body: { error: { param: 'background' } },
    });
  });
});
