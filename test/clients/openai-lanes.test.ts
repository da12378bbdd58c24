/**
 * `stream_id` lanes through the official `openai` 7.x client: two lanes on one ResponsesWS, and its lane
 * helper (`ResponsesWebSocketSession`), which routes every server event by its top-level `stream_id`, so
 * an emulator that failed to echo it would hang the lane. The emulator's lane rules frame by frame are in
 * the main suite (test/emulator/lanes-and-steering.test.ts).
 */
import OpenAI from 'openai';
import { ResponsesWebSocketSession } from 'openai/lib/responses/responses-websocket-session';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { gatedEcho } from '../emulator/gated-echo-model';
import { completedText } from './completed-text';

let emulator: ResponsesEmulator;

afterEach(async () => {
  await emulator.close();
});

const outputText = (response: { output_text: string }) => response.output_text;

describe('ResponsesWS with stream_id lanes', () => {
  it('runs two lanes at once on one socket, each continuing its own chain', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    emulator = await createResponsesEmulator({
      model: scriptedModel(async ({ input, newInput }) => {
        const text = String((newInput.at(-1) as { content?: unknown } | undefined)?.content);
        started.push(text);
        await gate;
        return { output: [{ type: 'message', text: `${text}: seen ${input.length} items` }] };
      }),
    });
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
        texts.push(completedText(event));
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

describe('the lane helper (ResponsesWebSocketSession)', () => {
  it('lanes multiplex one socket: each response and all its events echo its lane, FIFO within a lane', async () => {
    const echo = gatedEcho();
    emulator = await createResponsesEmulator({ model: echo.model });
    const socket = new ResponsesWS(new OpenAI({ apiKey: 'sk-lanes', baseURL: emulator.baseURL }));
    const seen: Array<{ type: string; stream_id?: string }> = [];
    socket.on('event', (event) => seen.push(event as { type: string; stream_id?: string }));
    // The lane helper sends only on an open socket (ResponsesWS.send would queue; lanes do not).
    await new Promise((resolve) => socket.socket.once('open', resolve));
    const session = new ResponsesWebSocketSession(socket, {
      maxLanes: 8,
      maxBufferedEvents: 10_000,
      maxBufferedBytes: 10_000_000,
    });
    const a = session.lane('a');
    const b = session.lane('b');
    const main = session.lane();

    echo.hold();
    a.create({ model: 'gpt-5.4', store: false, input: 'a1' });
    a.create({ model: 'gpt-5.4', store: false, input: 'a2' });
    b.create({ model: 'gpt-5.4', store: false, input: 'b1' });
    main.create({ model: 'gpt-5.4', store: false, input: 'm1' });
    // Lanes run side by side: a1, b1 and m1 are all started while a1 is held; a2 waits behind a1.
    await expect.poll(() => [...echo.started].sort()).toEqual(['a1', 'b1', 'm1']);
    echo.release();

    const [a1, a2, b1, m1] = [
      await a.finalResponse(),
      await a.finalResponse(),
      await b.finalResponse(),
      await main.finalResponse(),
    ];
    expect([a1, a2, b1, m1].map(outputText)).toEqual(['echo a1', 'echo a2', 'echo b1', 'echo m1']);
    expect(echo.started.at(-1)).toBe('a2');
    expect(emulator.metrics.connections).toBe(1);
    // Every event of a lane's response carries its stream_id; the default lane's carry none.
    const byLane = (lane: string | undefined) => seen.filter((event) => event.stream_id === lane);
    expect(byLane('a').filter((event) => event.type === 'response.completed')).toHaveLength(2);
    expect(byLane('b').filter((event) => event.type === 'response.completed')).toHaveLength(1);
    expect(byLane(undefined).filter((event) => event.type === 'response.completed')).toHaveLength(1);
    expect(
      seen.filter(
        (event) => event.stream_id !== undefined && event.stream_id !== 'a' && event.stream_id !== 'b',
      ),
    ).toEqual([]);
    session.close();
    socket.close();
  });
});
