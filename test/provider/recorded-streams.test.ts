import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator, replayModel } from '../../src/testing';

const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
const fixtures = readdirSync(fixturesDir).filter((name) => name.endsWith('.chunks.txt'));

let emulator: ResponsesEmulator;
let provider: WsOpenAIProvider;

beforeAll(async () => {
  emulator = await createResponsesEmulator();
  provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-recorded' });
});

afterAll(async () => {
  await provider.close();
  await emulator.close();
});

/** The stream's parts, or what the call threw before streaming (as HTTP does for early errors). */
async function streamParts(model: LanguageModelV3): Promise<unknown[]> {
  let stream: ReadableStream<LanguageModelV3StreamPart>;
  try {
    ({ stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'replay' }] }],
      providerOptions: { openai: { store: false } },
    }));
  } catch (error) {
    const { name, message, statusCode, isRetryable } = error as Record<string, unknown>;
    return [{ type: 'thrown', name, message, statusCode, isRetryable }];
  }
  const parts: unknown[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

/**
 * Parts as JSON, the WebSocket transport's own metadata aside (HTTP has nothing like it). Ids the AI SDK
 * generates itself (not in the recording) differ per call, so they are numbered in order of appearance.
 */
function comparable(parts: unknown[], recording: string): unknown {
  const generated = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(parts, (key, value) => {
      if (key === 'openai-ws') return undefined;
      if (value instanceof Error) return value.message;
      if ((key === 'id' || key === 'toolCallId') && typeof value === 'string' && !recording.includes(value)) {
        if (!generated.has(value)) generated.set(value, `generated-${generated.size}`);
        return generated.get(value);
      }
      return value;
    }),
  );
}

describe('recorded streams: each fixture maps to the stream parts @ai-sdk/openai over HTTP gives', () => {
  it('covers every recorded fixture', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('%s maps to the same stream parts', async (fixture) => {
    // A fresh replay for each transport: a recording of several responses plays them in order.
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test-recorded' }).responses('gpt-5.4');
    const overHttp = await streamParts(http);
    emulator.setModel(replayModel(join(fixturesDir, fixture)));
    const overWebSocket = await streamParts(provider('gpt-5.4'));

    const recording = readFileSync(join(fixturesDir, fixture), 'utf8');
    expect(comparable(overWebSocket, recording)).toEqual(comparable(overHttp, recording));
    const finish = overWebSocket.find((part) => (part as LanguageModelV3StreamPart).type === 'finish') as
      | Extract<LanguageModelV3StreamPart, { type: 'finish' }>
      | undefined;
    if (finish === undefined) {
      expect(overWebSocket).toEqual([expect.objectContaining({ type: 'thrown' })]);
    } else {
      expect(overWebSocket.length).toBeGreaterThan(2);
      expect(finish.providerMetadata?.['openai-ws']).toMatchObject({ transport: 'websocket' });
    }
  });
});
