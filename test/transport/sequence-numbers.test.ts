import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createWsOpenAI } from '../../src';

/**
 * An `error` frame that ends a running response may come without `sequence_number` (the server sends
 * some outside the response's numbering); the inner model's schema needs one, so the transport numbers
 * it after the last numbered frame. Frames in between that carry no number (or are no JSON at all) must
 * not reset that count. A loopback server sends the frames exactly as given.
 */
let server: WebSocketServer;
let between = '';

const response = { id: 'resp_1', created_at: 1, model: 'gpt-5.4', output: [] };
const numbered = [
  { type: 'response.created', sequence_number: 0, response },
  { type: 'response.in_progress', sequence_number: 1, response },
  {
    type: 'response.output_item.added',
    sequence_number: 2,
    output_index: 0,
    item: { type: 'message', id: 'msg_1', role: 'assistant', content: [], status: 'in_progress' },
  },
  {
    type: 'response.output_text.delta',
    sequence_number: 3,
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    delta: 'hi',
    logprobs: [],
  },
].map((event) => JSON.stringify(event));
const unnumberedError = JSON.stringify({
  type: 'error',
  error: { type: 'server_error', code: 'server_error', message: 'boom' },
});

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) =>
    socket.on('message', () => {
      for (const frame of [...numbered, between, unnumberedError]) if (frame !== '') socket.send(frame);
    }),
  );
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('an error frame without sequence_number ending a response', () => {
  it.each([
    ['right after the last numbered frame', ''],
    ['after a frame without a number', '{"type":"keepalive"}'],
    ['after a frame whose number is null', '{"type":"keepalive","sequence_number":null}'],
    ['after a frame that is no JSON', 'not json'],
  ])('is numbered after the last numbered frame (%s)', async (_, frame) => {
    between = frame;
    const { port } = server.address() as { port: number };
    const provider = createWsOpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test-sequence' });
    try {
      const errors: unknown[] = [];
      const result = streamText({
        model: provider('gpt-5.4'),
        prompt: 'x',
        includeRawChunks: true,
        onError: ({ error }) => void errors.push(error),
      });
      const rawErrors: unknown[] = [];
      for await (const part of result.fullStream) {
        if (part.type === 'raw' && (part.rawValue as { type?: unknown } | undefined)?.type === 'error')
          rawErrors.push(part.rawValue);
      }
      expect(rawErrors).toEqual([{ ...JSON.parse(unnumberedError), sequence_number: 4 }]);
      // The stream's last error is the server's (a frame that is no JSON is reported before it, as over HTTP).
      expect(JSON.stringify(errors.at(-1))).toContain('boom');
    } finally {
      await provider.close();
    }
  });
});
