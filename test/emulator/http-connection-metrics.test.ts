/**
 * `metrics.httpConnections`: the TCP connections that carried plain HTTP requests, beside the WebSocket
 * connections (`metrics.connections`), so that the sockets each transport holds can be compared.
 */
import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { connectRaw, postRaw } from './raw-client';

let emulator: ResponsesEmulator;
const agents: Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await emulator.close();
});

/** A model that holds every response until `release()`. */
function heldModel() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  const model = scriptedModel(async () => {
    started++;
    await gate;
    return { output: [{ type: 'message', text: 'ok' }] };
  });
  return { model, release, started: () => started };
}

function post(agent: Agent | false): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${emulator.baseURL}/responses`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-http' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.end(JSON.stringify({ model: 'gpt-5.4', input: 'hi' }));
  });
}

describe('metrics.httpConnections', () => {
  it('requests in sequence on a kept-alive connection count one connection', async () => {
    emulator = await createResponsesEmulator({});
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    for (let index = 0; index < 3; index++) expect(await post(agent)).toBe(200);
    expect(emulator.metrics.httpConnections).toEqual({ total: 1, open: 1, peak: 1 });
    expect(emulator.metrics.requests).toHaveLength(3);
  });

  it('concurrent requests on their own connections: open and peak count them, open drops as they close', async () => {
    const held = heldModel();
    emulator = await createResponsesEmulator({ model: held.model });
    const answers = Promise.all([post(false), post(false), post(false)]);
    await expect.poll(held.started).toBe(3);
    expect(emulator.metrics.httpConnections).toEqual({ total: 3, open: 3, peak: 3 });
    held.release();
    expect(await answers).toEqual([200, 200, 200]);
    await expect.poll(() => emulator.metrics.httpConnections.open).toBe(0);
    expect(emulator.metrics.httpConnections).toEqual({ total: 3, open: 0, peak: 3 });
  });

  it('WebSocket connections are not counted; resetMetrics keeps what is open', async () => {
    emulator = await createResponsesEmulator({});
    const socket = await connectRaw(emulator);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    expect(await post(agent)).toBe(200);
    expect(emulator.metrics.connections).toBe(1);
    expect(emulator.metrics.httpConnections).toEqual({ total: 1, open: 1, peak: 1 });

    emulator.resetMetrics();
    expect(emulator.metrics.httpConnections).toEqual({ total: 0, open: 1, peak: 1 });
    expect((await postRaw(emulator, { model: 'gpt-5.4', input: 'hi' })).status).toBe(200);
    expect(emulator.metrics.httpConnections.total).toBe(1);
    socket.close();
  });
});
