import { generateText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsOpenAI, type WsOpenAIProvider } from '../../src';
import type { HostConventions } from '../../src/testing';
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
 * A generic gateway: the socket on another path than the POST, a required query parameter, its own auth
 * header, and (for clients that cannot set headers) auth in a subprotocol.
 */
const GATEWAY: HostConventions = {
  responsesPath: '/llm/v1/responses',
  webSocketPath: '/llm/v1/responses/ws',
  requiredQuery: { tenant: 'acme' },
  auth: [
    { kind: 'subprotocol', prefix: 'openai-insecure-api-key.' },
    { kind: 'header', name: 'x-gateway-key' },
  ],
};
const KEY = 'gw-static-key-4c8e1b7a';

let gateway: WsOpenAIProvider;
const host = hostPerTest(GATEWAY, KEY, () => gateway);
/** The recipe's URLs, with the emulator's origin standing in for https://gateway.example.com. */
const urls = () => ({
  baseURL: `${originOf(host.emulator)}/llm/v1?tenant=acme`,
  webSocketURL: `${originOf(host.emulator).replace('http:', 'ws:')}/llm/v1/responses/ws?tenant=acme`,
});

describe('a gateway with its own auth header, refreshed by an async function', () => {
  let getGatewayKey: ReturnType<typeof refreshingTokens>;

  beforeEach(() => {
    getGatewayKey = refreshingTokens(host.emulator);
    gateway = createWsOpenAI({
      ...urls(),
      headers: async () => ({ 'x-gateway-key': await getGatewayKey() }),
      warn: host.exposure.warn,
    });
  });
  afterEach(() => {
    host.secrets.push(...getGatewayKey.issued);
  });

  it('runs a tool loop over the socket path with the query string, continued incrementally', async () => {
    expectIncremental(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    expect(host.emulator.authLog).toEqual([
      { transport: 'ws', via: 'header', key: getGatewayKey.issued[0], outcome: 'accepted' },
    ]);
  });

  it('runs the same loop over the HTTP fallback, posting to the base URL with its query string', async () => {
    host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    expectOverHttp(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    expect(acceptedKeys(host.emulator, 'http')).toEqual(Array(TOOL_CALLS + 1).fill(getGatewayKey.issued[0]));
    expect(host.exposure.warnings).toEqual([
      expect.stringContaining('/llm/v1/responses?tenant=acme over HTTP'),
    ]);
  });

  it('a key that expires between two sockets is refreshed without an error', async () => {
    expectIncremental(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    getGatewayKey.expire();
    expectIncremental(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    expect(acceptedKeys(host.emulator, 'ws')).toEqual(getGatewayKey.issued);
    expect(getGatewayKey.issued).toHaveLength(2);
    await waitFor(() => host.emulator.metrics.openConnections === 1);
  });

  it('the emulator enforces the conventions: a missing query parameter is a 400, the plain path a 404', async () => {
    const wrongQuery = createWsOpenAI({
      baseURL: `${originOf(host.emulator)}/llm/v1`,
      webSocketURL: `${originOf(host.emulator)}/llm/v1/responses/ws`,
      headers: async () => ({ 'x-gateway-key': await getGatewayKey() }),
      fallback: 'none',
    });
    const wrongPath = createWsOpenAI({
      baseURL: `${originOf(host.emulator)}/llm/v1?tenant=acme`,
      headers: async () => ({ 'x-gateway-key': await getGatewayKey() }),
      warn: host.exposure.warn,
    });
    try {
      const missing = host.exposure.error(
        await generateText({ model: wrongQuery('gpt-5.4'), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(missing).toMatchObject({ name: 'AI_APICallError', statusCode: 400 });
      // The derived socket URL (…/responses, not …/responses/ws) is refused with 404: that is a refusal,
      // so the request goes over HTTP, where the path is right.
      const viaHttp = await generateText({ model: wrongPath('gpt-5.4'), prompt: 'x' });
      expect(viaHttp.providerMetadata?.['openai-ws']).toMatchObject({ transport: 'http' });
      host.exposure.see(viaHttp.providerMetadata);
    } finally {
      await wrongQuery.close();
      await wrongPath.close();
    }
  });
});

describe('a gateway that authenticates the socket by a subprotocol', () => {
  beforeEach(() => {
    gateway = createWsOpenAI({
      ...urls(),
      protocols: ['openai-responses', `openai-insecure-api-key.${KEY}`],
      // HTTP has no subprotocols: the fallback authenticates with the gateway's header.
      headers: { 'x-gateway-key': KEY },
      warn: host.exposure.warn,
    });
  });

  it('runs a tool loop over the socket, authenticated by the subprotocol, continued incrementally', async () => {
    expectIncremental(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    expect(host.emulator.authLog).toEqual([
      { transport: 'ws', via: 'subprotocol', key: KEY, outcome: 'accepted' },
    ]);
  });

  it('runs the same loop over the HTTP fallback, authenticated by the header', async () => {
    host.emulator.injectFault({ kind: 'refuse-upgrade', status: 426 });
    expectOverHttp(await runToolLoop(gateway('gpt-5.4'), host.exposure));
    expect(
      host.emulator.authLog.filter((record) => record.transport === 'http').map((record) => record.via),
    ).toEqual(Array(TOOL_CALLS + 1).fill('header'));
  });

  it('needs no apiKey: with only protocols, no Authorization and no environment key is sent', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-env-never-sent-77b1c2';
    host.secrets.push(process.env.OPENAI_API_KEY);
    const only = createWsOpenAI({
      ...urls(),
      protocols: ['openai-responses', `openai-insecure-api-key.${KEY}`],
    });
    try {
      expectIncremental(await runToolLoop(only('gpt-5.4'), host.exposure));
      expect(host.emulator.authLog).toEqual([
        { transport: 'ws', via: 'subprotocol', key: KEY, outcome: 'accepted' },
      ]);
    } finally {
      await only.close();
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('a wrong key in the subprotocol is a 401 that quotes neither the key nor the subprotocol', async () => {
    const wrong = createWsOpenAI({
      ...urls(),
      protocols: ['openai-responses', 'openai-insecure-api-key.gw-wrong-key-9d0a3f'],
    });
    host.secrets.push('gw-wrong-key-9d0a3f');
    try {
      const error = host.exposure.error(
        await generateText({ model: wrong('gpt-5.4'), prompt: 'x' }).catch((caught: unknown) => caught),
      );
      expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 401, isRetryable: false });
    } finally {
      await wrong.close();
    }
  });
});
