import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  observeGenerate,
  observeStream,
  report,
  runSideBySide,
  silenceErrors,
  toolLoop,
} from './run-side-by-side';
import { agentScript } from './scripts';

/**
 * Where the transports differ on purpose (README, "Deliberate differences from HTTP"). Each case runs
 * side by side like the parity scenarios, then asserts each side's own behaviour, so a change on either
 * side shows here.
 */

describe.concurrent('deliberate differences from HTTP', () => {
  it('connection dropped right after the terminal event: the completed response stands over WebSocket only', async () => {
    const fault = { kind: 'close', at: 'after-terminal' } as const;
    const observed = await runSideBySide({
      model: agentScript(),
      run: async (side) => ({
        generate: await observeGenerate(generateText(toolLoop(side, fault))),
        stream: await observeStream(streamText(silenceErrors(toolLoop(side, fault)))),
      }),
    });
    report('close right after the terminal event (generateText, then streamText)', observed, 'deliberate');
    // Over HTTP the drop cuts the body short of its end (the terminal event was in it, the HTTP framing
    // was not): generateText retries and the server runs the response again; streamText throws after
    // every part arrived. Over WebSocket the terminal event is the end of the response: nothing is lost.
    expect(observed.http.requests).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    expect(observed.ws.requests).toEqual(['completed', 'completed', 'completed', 'completed']);
    const ws = observed.ws.app as { generate: { text: string }; stream: { finishReason: string } };
    expect(ws.generate.text).toMatch(/^saw 3 items/);
    expect(ws.stream.finishReason).toBe('stop');
    const http = observed.http.app as { stream: { finishReason: unknown } };
    expect(http.stream.finishReason).toMatchObject({
      rejected: { name: 'AI_APICallError', isRetryable: true },
    });
  });

  it('usage: a continued step reports its cached prefix as cached input tokens', async () => {
    const cached: Record<string, unknown[]> = {};
    await runSideBySide({
      model: agentScript(),
      run: async (side) => {
        const result = await generateText(toolLoop(side));
        cached[side.transport] = result.steps.map((step) => step.usage.inputTokenDetails.cacheReadTokens);
        return null;
      },
    });
    // The emulator counts the connection cache as cached input; over HTTP it has no prompt cache.
    expect(cached.http).toEqual([0, 0]);
    expect(cached.ws).toEqual([0, expect.any(Number)]);
    expect(cached.ws![1]).toBeGreaterThan(0);
  });

  it('the raw response body echoes previous_response_id on a continued step', async () => {
    const echoed: Record<string, unknown[]> = {};
    await runSideBySide({
      model: agentScript(),
      run: async (side) => {
        // ai@7 keeps response bodies only when asked (ai@6 by default); both accept this name.
        const result = await generateText({
          ...toolLoop(side),
          experimental_include: { responseBody: true },
        });
        echoed[side.transport] = result.steps.map(
          (step) => typeof (step.response.body as { previous_response_id?: unknown })?.previous_response_id,
        );
        return null;
      },
    });
    expect(echoed.http).toEqual(['object', 'object']); // null: HTTP sent the whole history
    expect(echoed.ws).toEqual(['object', 'string']); // the response it continued
  });

  it("a step's request.body is the frame that went out, and the step carries its transport metadata", async () => {
    const seen: Record<string, unknown[]> = {};
    await runSideBySide({
      model: agentScript(),
      run: async (side) => {
        // ai@7 keeps request bodies only when asked (ai@6 by default); both accept this name.
        const result = await generateText({ ...toolLoop(side), experimental_include: { requestBody: true } });
        seen[side.transport] = result.steps.map((step) => {
          const body = step.request.body as { input?: unknown[]; previous_response_id?: unknown };
          return {
            items: body?.input?.length,
            chained: typeof body?.previous_response_id === 'string',
            metadata: step.providerMetadata?.['openai-ws'] !== undefined,
          };
        });
        return null;
      },
    });
    // HTTP: the whole history every step, and no transport metadata.
    expect(seen.http).toEqual([
      { items: 1, chained: false, metadata: false },
      { items: 3, chained: false, metadata: false },
    ]);
    // WebSocket: the continued step's frame holds only the tool result, with the response it continues.
    expect(seen.ws).toEqual([
      { items: 1, chained: false, metadata: true },
      { items: 1, chained: true, metadata: true },
    ]);
  });

  it('response headers: the HTTP response headers per step; over WebSocket only the content type', async () => {
    const headers: Record<string, unknown[]> = {};
    await runSideBySide({
      model: agentScript(),
      run: async (side) => {
        const result = await generateText(toolLoop(side));
        headers[side.transport] = result.steps.map((step) => Object.keys(step.response.headers ?? {}).sort());
        return null;
      },
    });
    const httpHeaders = ['connection', 'content-type', 'date', 'keep-alive', 'transfer-encoding'];
    expect(headers.http).toEqual([httpHeaders, httpHeaders]);
    expect(headers.ws).toEqual([['content-type'], ['content-type']]);
  });
});
