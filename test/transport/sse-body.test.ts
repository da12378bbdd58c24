import { describe, expect, it } from 'vitest';
import { SseBody } from '../../src/transport/sse-body';

async function chunks(body: SseBody): Promise<string[]> {
  const decoder = new TextDecoder();
  const seen: string[] = [];
  const reader = body.stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return seen;
    seen.push(decoder.decode(value));
  }
}

describe('SseBody', () => {
  it('events of one task become one chunk; events of a later task another', async () => {
    const body = new SseBody(() => {});
    const read = chunks(body);
    body.push('{"n":1}');
    body.push('{"n":2}');
    body.push('{"n":3}');
    await new Promise((resolve) => setImmediate(resolve));
    body.push('{"n":4}');
    body.close();
    expect(await read).toEqual(['data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":3}\n\n', 'data: {"n":4}\n\n']);
  });

  it('an error fails the stream', async () => {
    const body = new SseBody(() => {});
    const reader = body.stream.getReader();
    body.push('{"n":1}');
    body.error(new Error('closed'));
    await expect(reader.read()).rejects.toThrow('closed');
  });

  it('a consumer that cancels is told once, and later events are dropped without throwing', async () => {
    let cancels = 0;
    const body = new SseBody(() => cancels++);
    await body.stream.cancel();
    body.push('{"n":1}');
    body.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancels).toBe(1);
  });

  it('an event with line breaks (pretty-printed JSON) stays one data line, and the same JSON', async () => {
    const body = new SseBody(() => {});
    const read = chunks(body);
    const event = { type: 'response.output_text.delta', delta: 'two\nlines' };
    body.push(JSON.stringify(event, null, 2));
    body.close();
    const [chunk] = await read;
    expect(chunk!.split('\n\n').filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(chunk!.slice('data: '.length))).toEqual(event);
  });
});
