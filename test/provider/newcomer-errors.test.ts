import { createServer } from 'node:net';
import { APICallError } from '@ai-sdk/provider';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createWsOpenAI } from '../../src';

/** A port nothing listens on: bound once by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('errors a newcomer meets say what to do', () => {
  it('an unreachable server: one message naming the URL and what to check, no HTTP fallback first', async () => {
    const port = await closedPort();
    const warnings: string[] = [];
    const httpCalls: string[] = [];
    const openai = createWsOpenAI({
      apiKey: 'sk-newcomer',
      baseURL: `http://127.0.0.1:${port}/v1`,
      warn: (message) => warnings.push(message),
      fetch: async (input) => {
        httpCalls.push(String(input));
        return globalThis.fetch(input);
      },
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: openai('gpt-5.4'),
      prompt: 'hello',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    await openai.close();

    expect(errors).toHaveLength(1);
    // The AI SDK's own retries (default maxRetries) wrap it; the last error is ours.
    const last = (errors[0] as { lastError?: unknown }).lastError;
    expect(APICallError.isInstance(last)).toBe(true);
    expect((last as APICallError).message).toBe(
      `Nothing is listening at ws://127.0.0.1:${port}/v1/responses (connect ECONNREFUSED 127.0.0.1:${port}): ` +
        'check that the server is running and that baseURL (or OPENAI_BASE_URL) points to it.',
    );
    expect((last as APICallError).isRetryable).toBe(true);
    expect(warnings).toEqual([]);
    expect(httpCalls).toEqual([]);
  });
});
