import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  AZURE_HOST_CONVENTIONS,
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
} from '../../src/testing';
import { connectRaw, postRaw, responseCreate, userMessage } from './raw-client';

const emulators: ResponsesEmulator[] = [];
async function start(options: ResponsesEmulatorOptions) {
  const emulator = await createResponsesEmulator(options);
  emulators.push(emulator);
  return emulator;
}
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
});

/** The upgrade's HTTP status (101 on success) and the subprotocol the server selected. */
function upgrade(url: string, headers: Record<string, string>, protocols: string[] = []) {
  return new Promise<{ status: number; protocol?: string }>((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('open', () => {
      resolve({ status: 101, protocol: socket.protocol });
      socket.close();
    });
    socket.on('error', () => {});
    setTimeout(() => reject(new Error('no answer')), 5_000).unref();
  });
}

async function post(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'gpt-5.4', input: 'hi' }),
  });
  await response.text();
  return response.status;
}

describe('host conventions', () => {
  it('serves the socket and the POST on their own paths, and requires the query parameters on both', async () => {
    const emulator = await start({
      hostConventions: {
        responsesPath: '/gw/v1/responses',
        webSocketPath: '/gw/v1/responses/ws',
        requiredQuery: { tenant: 'acme' },
      },
    });
    const origin = new URL(emulator.baseURL).origin;
    const ws = origin.replace('http:', 'ws:');
    const auth = { Authorization: 'Bearer k' };
    expect((await upgrade(`${ws}/gw/v1/responses/ws?tenant=acme`, auth)).status).toBe(101);
    expect((await upgrade(`${ws}/gw/v1/responses/ws`, auth)).status).toBe(400);
    expect((await upgrade(`${ws}/gw/v1/responses?tenant=acme`, auth)).status).toBe(404);
    expect((await upgrade(`${ws}/v1/responses?tenant=acme`, auth)).status).toBe(404);
    expect(await post(`${origin}/gw/v1/responses?tenant=acme`, auth)).toBe(200);
    expect(await post(`${origin}/gw/v1/responses?tenant=other`, auth)).toBe(400);
    expect(await post(`${origin}/gw/v1/responses/ws?tenant=acme`, auth)).toBe(404);
  });

  it('authenticates by a named header, by Bearer, or by a subprotocol, as configured', async () => {
    const emulator = await start({
      apiKeys: ['good'],
      hostConventions: {
        auth: [
          { kind: 'header', name: 'api-key' },
          { kind: 'subprotocol', prefix: 'key.' },
        ],
      },
    });
    expect((await upgrade(emulator.wsURL, { 'api-key': 'good' })).status).toBe(101);
    expect((await upgrade(emulator.wsURL, { 'api-key': 'bad' })).status).toBe(401);
    // Bearer is not one of this host's ways.
    expect((await upgrade(emulator.wsURL, { Authorization: 'Bearer good' })).status).toBe(401);
    // The server selects the offered protocol that is not the credential.
    expect(await upgrade(emulator.wsURL, {}, ['responses', 'key.good'])).toEqual({
      status: 101,
      protocol: 'responses',
    });
    expect((await upgrade(emulator.wsURL, {}, ['responses', 'key.bad'])).status).toBe(401);
    // HTTP has no subprotocols: only the header works there.
    expect(await post(`${emulator.baseURL}/responses`, { 'api-key': 'good' })).toBe(200);
    expect(await post(`${emulator.baseURL}/responses`, {})).toBe(401);
    expect(emulator.authLog.map((record) => [record.transport, record.via, record.outcome])).toEqual([
      ['ws', 'header', 'accepted'],
      ['ws', 'header', 'invalid'],
      ['ws', undefined, 'missing'],
      ['ws', 'subprotocol', 'accepted'],
      ['ws', 'subprotocol', 'invalid'],
      ['http', 'header', 'accepted'],
      ['http', undefined, 'missing'],
    ]);
  });

  it('an issued key is valid for N uses (upgrades and POSTs), then refused as expired', async () => {
    const emulator = await start({ apiKeys: [] });
    const key = emulator.issueKey({ uses: 2 });
    const auth = { Authorization: `Bearer ${key}` };
    expect((await upgrade(emulator.wsURL, auth)).status).toBe(101);
    expect(await post(`${emulator.baseURL}/responses`, auth)).toBe(200);
    expect((await upgrade(emulator.wsURL, auth)).status).toBe(401);
    expect(emulator.authLog.at(-1)).toMatchObject({ key, outcome: 'expired' });
  });

  it('an issued key is valid for N ms; expireKey ends any key at once', async () => {
    const emulator = await start({ apiKeys: ['static'] });
    const key = emulator.issueKey({ ttlMs: 500 });
    expect((await upgrade(emulator.wsURL, { Authorization: `Bearer ${key}` })).status).toBe(101);
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect((await upgrade(emulator.wsURL, { Authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await upgrade(emulator.wsURL, { Authorization: 'Bearer static' })).status).toBe(101);
    emulator.expireKey('static');
    expect((await upgrade(emulator.wsURL, { Authorization: 'Bearer static' })).status).toBe(401);
  });
});

describe('Azure (AZURE_HOST_CONVENTIONS)', () => {
  it("accepts the guide's Bearer key on the upgrade, and the api-key header; authLog says which", async () => {
    const emulator = await start({ apiKeys: ['azure-key'], hostConventions: AZURE_HOST_CONVENTIONS });
    const origin = new URL(emulator.baseURL).origin;
    const ws = `${origin.replace('http:', 'ws:')}/openai/v1/responses`;
    expect((await upgrade(ws, { Authorization: 'Bearer azure-key' })).status).toBe(101);
    expect((await upgrade(ws, { 'api-key': 'azure-key' })).status).toBe(101);
    expect((await upgrade(ws, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect(await post(`${origin}/openai/v1/responses`, { 'api-key': 'azure-key' })).toBe(200);
    expect(await post(`${origin}/openai/v1/responses`, { Authorization: 'Bearer azure-key' })).toBe(200);
    expect((await upgrade(emulator.wsURL, { Authorization: 'Bearer azure-key' })).status).toBe(404);
    expect(emulator.authLog).toEqual([
      { transport: 'ws', via: 'bearer', key: 'azure-key', outcome: 'accepted' },
      { transport: 'ws', via: 'header', key: 'azure-key', outcome: 'accepted' },
      { transport: 'ws', via: 'bearer', key: 'wrong', outcome: 'invalid' },
      { transport: 'http', via: 'header', key: 'azure-key', outcome: 'accepted' },
      { transport: 'http', via: 'bearer', key: 'azure-key', outcome: 'accepted' },
    ]);
  });
});

describe('a host that refuses fields together with previous_response_id (refusedWithPreviousResponseId)', () => {
  it('answers 400 before response.created; nothing runs and the cached response stays', async () => {
    const emulator = await start({ hostConventions: { refusedWithPreviousResponseId: ['instructions'] } });
    const client = await connectRaw(emulator);
    client.send(responseCreate({ store: false, instructions: 'Be brief.', input: [userMessage('one')] }));
    const first = (await client.untilTerminal()).at(-1)!;
    const previous = (first.response as { id: string }).id;
    const continued = { store: false, previous_response_id: previous, input: [userMessage('two')] };

    client.send(responseCreate({ ...continued, instructions: 'Be brief.' }));
    const refused = await client.untilTerminal(client.frames.length);
    expect(refused).toEqual([
      {
        type: 'error',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'unsupported_parameter',
          message: "'instructions' is not supported together with 'previous_response_id'.",
          param: 'instructions',
        },
      },
    ]);
    client.send(responseCreate(continued));
    expect((await client.untilTerminal(client.frames.length)).at(-1)).toMatchObject({
      type: 'response.completed',
    });
    expect(emulator.metrics.requests.map((r) => [r.outcome, r.accepted, r.cacheHit])).toEqual([
      ['completed', true, undefined],
      ['error', false, undefined],
      ['completed', true, true],
    ]);
    client.close();
  });

  it('over HTTP the same request is a 400; without previous_response_id the field is fine', async () => {
    const emulator = await start({ hostConventions: { refusedWithPreviousResponseId: ['instructions'] } });
    const first = await postRaw(emulator, { model: 'gpt-5.4', input: 'one', instructions: 'Be brief.' });
    expect(first.status).toBe(200);
    const previous = (JSON.parse(first.body) as { id: string }).id;
    const refused = await postRaw(emulator, {
      model: 'gpt-5.4',
      input: 'two',
      instructions: 'Be brief.',
      previous_response_id: previous,
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'unsupported_parameter', param: 'instructions' },
    });
    expect(
      (await postRaw(emulator, { model: 'gpt-5.4', input: 'two', previous_response_id: previous })).status,
    ).toBe(200);
  });
});

describe('a host without lanes (lanes: false)', () => {
  it('answers any stream_id with unknown_parameter before response.created, and serves requests without one', async () => {
    const emulator = await start({ hostConventions: { lanes: false } });
    const client = await connectRaw(emulator);
    client.send(responseCreate({ store: false, stream_id: 'a', input: [userMessage('one')] }));
    expect(await client.untilTerminal()).toEqual([
      {
        type: 'error',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'unknown_parameter',
          message: expect.stringContaining("Unknown parameter: 'stream_id'"),
          param: 'stream_id',
        },
      },
    ]);
    client.send(responseCreate({ store: false, input: [userMessage('two')] }));
    const served = await client.untilTerminal(1);
    expect(served.at(-1)).toMatchObject({ type: 'response.completed' });
    expect(served.every((event) => !('stream_id' in event))).toBe(true);
    expect(emulator.metrics.requests.map((r) => r.outcome)).toEqual(['error', 'completed']);
    client.close();
  });
});
