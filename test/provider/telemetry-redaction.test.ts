import { createOpenAI } from '@ai-sdk/openai';
import * as providerUtils from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWsOpenAI } from '../../src';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';

/**
 * @ai-sdk/openai 4.x tags the request bodies it builds so that ai@7's telemetry masks credentials inside
 * tools; a step's `request.body` over WebSocket (the frame sent) must carry the same tag. On the 3.x line
 * there is no such tag: both sides are unmasked alike.
 */
const SECRET = 'mcp-secret-token-8c21';
const redact: (value: unknown) => unknown =
  (providerUtils as { redactTelemetryValue?: (value: unknown) => unknown }).redactTelemetryValue ??
  ((value) => value);

let emulator: ResponsesEmulator;
beforeAll(async () => {
  emulator = await createResponsesEmulator();
});
afterAll(async () => {
  await emulator.close();
});

it("a step's request.body is masked for telemetry exactly as over HTTP", async () => {
  const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-redact' });
  const ws = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-redact' });
  try {
    const visible = async (
      provider: typeof http | typeof ws,
      model: Parameters<typeof generateText>[0]['model'],
    ) => {
      const result = await generateText({
        model,
        prompt: 'hi',
        tools: {
          docs: provider.tools.mcp({
            serverLabel: 'docs',
            serverUrl: 'https://mcp.example',
            authorization: SECRET,
          }),
        },
        experimental_include: { requestBody: true },
      } as Parameters<typeof generateText>[0]);
      return JSON.stringify(redact(result.request.body) ?? null).includes(SECRET);
    };
    const overHttp = await visible(http, http.responses('gpt-5.4'));
    const overWebSocket = await visible(ws, ws('gpt-5.4'));
    expect(overWebSocket).toBe(overHttp);
  } finally {
    await ws.close();
  }
});
