import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAzureWsOpenAI, createWsOpenAI, type WsOpenAIProvider } from '../../src';
import { AZURE_HOST_CONVENTIONS } from '../../src/testing';
import { waitFor } from '../provider/wait-for';
import {
  acceptedKeys,
  expectIncremental,
  expectOverHttp,
  hostPerTest,
  originOf,
  refreshingTokens,
  runToolLoop,
  TOOL_CALLS,
} from './host-harness';

/**
 * Azure OpenAI's v1 API as its WebSocket-mode guide shows it: `/openai/v1/responses`, the upgrade
 * authenticated with `Authorization: Bearer` (a resource key or an Entra ID token); its HTTP API also takes
 * the key as `api-key`. The emulator's log says which way each request authenticated.
 */
const AZURE = AZURE_HOST_CONVENTIONS;
const KEY = 'azure-resource-key-5e0c2b7d91';
const DEPLOYMENT = 'my-gpt-5-deployment';

let azure: WsOpenAIProvider;
const host = hostPerTest(AZURE, KEY, () => azure);

describe('Azure OpenAI with an API key (createAzureWsOpenAI)', () => {
  beforeEach(() => {
    // The README recipe, with the emulator's origin standing in for https://my-resource.openai.azure.com.
    azure = createAzureWsOpenAI({
      baseURL: `${originOf(host.emulator)}/openai/v1`,
      apiKey: KEY,
      warn: host.exposure.warn,
    });
  });

  it('runs a tool loop over one socket, continued incrementally, the key sent as Bearer as the guide shows', async () => {
    expectIncremental(await runToolLoop(azure(DEPLOYMENT), host.exposure));
    expect(host.emulator.metrics.connections).toBe(1);
    expect(host.emulator.authLog).toEqual([
      { transport: 'ws', via: 'bearer', key: KEY, outcome: 'accepted' },
    ]);
    expect(host.emulator.metrics.requests.map((request) => request.body.model)).toEqual(
      Array(TOOL_CALLS + 1).fill(DEPLOYMENT),
    );
  });

  it('runs the same loop over the HTTP fallback, the key sent as api-key as @ai-sdk/azure sends it', async () => {
    host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    expectOverHttp(await runToolLoop(azure(DEPLOYMENT), host.exposure));
    expect(acceptedKeys(host.emulator, 'http')).toEqual(Array(TOOL_CALLS + 1).fill(KEY));
    expect(host.emulator.authLog.filter((record) => record.transport === 'http').map((r) => r.via)).toEqual(
      Array(TOOL_CALLS + 1).fill('header'),
    );
    expect(host.exposure.warnings).toHaveLength(1);
  });

  it('reads providerOptions.azure and writes providerMetadata.azure, as @ai-sdk/azure does', async () => {
    const result = await generateText({
      model: azure(DEPLOYMENT),
      prompt: 'hi',
      providerOptions: { azure: { user: 'azure-user-1', metadata: { run: 'az' } } },
    });
    const body = host.emulator.metrics.requests.at(-1)!.body;
    expect(body).toMatchObject({ user: 'azure-user-1', metadata: { run: 'az' } });
    expect(result.providerMetadata?.azure?.responseId).toEqual(expect.any(String));
    expect(result.providerMetadata?.openai).toBeUndefined();
  });

  it('an error from Azure carries neither the key nor the header', async () => {
    host.emulator.injectFault({
      kind: 'error-frame',
      status: 400,
      code: 'invalid_prompt',
      message: 'bad prompt',
    });
    const error = host.exposure.error(
      await generateText({ model: azure(DEPLOYMENT), prompt: 'x' }).catch((caught: unknown) => caught),
    );
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
  });

  it('a wrong key is a 401 APICallError that does not quote it', async () => {
    const wrong = createAzureWsOpenAI({
      baseURL: `${originOf(host.emulator)}/openai/v1`,
      apiKey: 'azure-wrong-key-31c9e4',
    });
    host.secrets.push('azure-wrong-key-31c9e4');
    try {
      const error = host.exposure.error(
        await generateText({ model: wrong(DEPLOYMENT), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 401, isRetryable: false });
    } finally {
      await wrong.close();
    }
  });

  it('resourceName becomes the v1 endpoint: wss://{resourceName}.openai.azure.com/openai/v1/responses', async () => {
    const opened: string[] = [];
    class RecordingWebSocket {
      constructor(url: string) {
        opened.push(url);
        throw new Error('not connecting in this test');
      }
    }
    const byName = createAzureWsOpenAI({
      resourceName: 'my-resource',
      apiKey: KEY,
      WebSocket: RecordingWebSocket,
    });
    try {
      const error = host.exposure.error(
        await generateText({ model: byName(DEPLOYMENT), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(error).toMatchObject({ name: 'AI_APICallError' });
      expect(opened).toEqual(['wss://my-resource.openai.azure.com/openai/v1/responses']);
    } finally {
      await byName.close();
    }
  });
});

describe('Azure OpenAI with Microsoft Entra ID (azureADTokenProvider)', () => {
  let tokens: ReturnType<typeof refreshingTokens>;

  beforeEach(() => {
    // Stands in for getBearerTokenProvider(new DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default').
    tokens = refreshingTokens(host.emulator);
    azure = createAzureWsOpenAI({
      baseURL: `${originOf(host.emulator)}/openai/v1`,
      azureADTokenProvider: tokens,
      warn: host.exposure.warn,
    });
  });
  afterEach(() => {
    host.secrets.push(...tokens.issued);
  });

  it('runs a tool loop over one socket with a Bearer token', async () => {
    expectIncremental(await runToolLoop(azure(DEPLOYMENT), host.exposure));
    expect(host.emulator.authLog).toEqual([
      { transport: 'ws', via: 'bearer', key: tokens.issued[0], outcome: 'accepted' },
    ]);
  });

  it('a token that expires between two sockets is refreshed: the new socket uses the new one, no error', async () => {
    expectIncremental(await runToolLoop(azure(DEPLOYMENT), host.exposure));
    tokens.expire(); // time passes: the token expires; the provider fetches a new one on its next call
    expectIncremental(await runToolLoop(azure(DEPLOYMENT), host.exposure));

    expect(tokens.issued).toHaveLength(2);
    expect(acceptedKeys(host.emulator, 'ws')).toEqual(tokens.issued);
    expect(host.emulator.metrics.connections).toBe(2);
    // The old token's socket was retired once idle; only the new one stays open.
    await waitFor(() => host.emulator.metrics.openConnections === 1);

    // The emulator does refuse the expired token: a provider that kept it fails with a 401.
    const stale = createWsOpenAI({
      baseURL: `${originOf(host.emulator)}/openai/v1`,
      headers: { Authorization: `Bearer ${tokens.issued[0]}` },
    });
    try {
      const error = host.exposure.error(
        await generateText({ model: stale(DEPLOYMENT), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 401, isRetryable: false });
      expect(host.emulator.authLog.at(-1)).toMatchObject({ key: tokens.issued[0], outcome: 'expired' });
    } finally {
      await stale.close();
    }
  });

  it('over the HTTP fallback every request is sent with the current token', async () => {
    host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426, times: 2 });
    expectOverHttp(await runToolLoop(azure(DEPLOYMENT), host.exposure));
    tokens.expire();
    // New credentials are a new socket key, so WebSocket mode is tried again (and refused again).
    expectOverHttp(await runToolLoop(azure(DEPLOYMENT), host.exposure));

    expect(tokens.issued).toHaveLength(2);
    expect(acceptedKeys(host.emulator, 'http')).toEqual([
      ...Array(TOOL_CALLS + 1).fill(tokens.issued[0]),
      ...Array(TOOL_CALLS + 1).fill(tokens.issued[1]),
    ]);
    expect(host.emulator.metrics.upgrades.refused).toBe(2);
    expect(host.exposure.warnings).toHaveLength(1);
  });
});
