import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
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

/** Vercel AI Gateway: `/v1/responses`, Bearer (`AI_GATEWAY_API_KEY` or a short-lived OIDC token), `openai/…` ids. */
const GATEWAY_KEY = 'vck_gateway-recipe-key-61f2a8';
const MODEL = 'openai/gpt-5.4';

let gateway: WsOpenAIProvider;
const host = hostPerTest({}, GATEWAY_KEY, () => gateway);

describe('Vercel AI Gateway with AI_GATEWAY_API_KEY', () => {
  beforeEach(() => {
    // createWsOpenAI({ name: 'gateway-ws', baseURL: 'https://ai-gateway.vercel.sh/v1', apiKey: process.env.AI_GATEWAY_API_KEY })
    gateway = createWsOpenAI({
      name: 'gateway-ws',
      baseURL: `${originOf(host.emulator)}/v1`,
      apiKey: GATEWAY_KEY,
      warn: host.exposure.warn,
    });
  });

  it('runs a tool loop over one socket, continued incrementally', async () => {
    expectIncremental(await runToolLoop(gateway(MODEL), host.exposure));
    expect(host.emulator.authLog).toEqual([
      { transport: 'ws', via: 'bearer', key: GATEWAY_KEY, outcome: 'accepted' },
    ]);
    expect(host.emulator.metrics.requests.map((request) => request.body.model)).toEqual(
      Array(TOOL_CALLS + 1).fill(MODEL),
    );
  });

  it('runs the same loop over the HTTP fallback', async () => {
    host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    expectOverHttp(await runToolLoop(gateway(MODEL), host.exposure));
    expect(acceptedKeys(host.emulator, 'http')).toEqual(Array(TOOL_CALLS + 1).fill(GATEWAY_KEY));
  });
});

describe('Vercel AI Gateway with a short-lived OIDC token (async headers)', () => {
  let getVercelOidcToken: ReturnType<typeof refreshingTokens>;

  beforeEach(() => {
    // Stands in for `getVercelOidcToken` from `@vercel/oidc`.
    getVercelOidcToken = refreshingTokens(host.emulator);
    gateway = createWsOpenAI({
      name: 'gateway-ws',
      baseURL: `${originOf(host.emulator)}/v1`,
      headers: async () => ({ Authorization: `Bearer ${await getVercelOidcToken()}` }),
      warn: host.exposure.warn,
    });
  });
  afterEach(() => {
    host.secrets.push(...getVercelOidcToken.issued);
  });

  it('a token that expires between two sockets is refreshed without an error, also over HTTP', async () => {
    const previous = process.env.OPENAI_API_KEY;
    // A key in the environment must not be sent to the gateway: headers authenticate here.
    process.env.OPENAI_API_KEY = 'sk-env-never-sent-0d3e9a';
    host.secrets.push(process.env.OPENAI_API_KEY);
    try {
      expectIncremental(await runToolLoop(gateway(MODEL), host.exposure));
      getVercelOidcToken.expire();
      // A second socket: the first one's token has been replaced, so that socket is retired.
      expectIncremental(await runToolLoop(gateway(MODEL), host.exposure));
      expect(getVercelOidcToken.issued).toHaveLength(2);
      expect(acceptedKeys(host.emulator, 'ws')).toEqual(getVercelOidcToken.issued);
      await waitFor(() => host.emulator.metrics.openConnections === 1);

      host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
      getVercelOidcToken.expire();
      expectOverHttp(await runToolLoop(gateway(MODEL), host.exposure));
      expect(getVercelOidcToken.issued).toHaveLength(3);
      expect(acceptedKeys(host.emulator, 'http')).toEqual(
        Array(TOOL_CALLS + 1).fill(getVercelOidcToken.issued[2]),
      );
      expect(host.emulator.authLog.every((record) => record.outcome === 'accepted')).toBe(true);

      host.emulator.injectFault({
        kind: 'error-frame',
        transport: 'http',
        status: 400,
        code: 'invalid_prompt',
      });
      const error = host.exposure.error(
        await generateText({ model: gateway(MODEL), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 400, isRetryable: false });
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });
});
