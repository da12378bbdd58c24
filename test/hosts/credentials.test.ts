import { createOpenAI } from '@ai-sdk/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAzureWsOpenAI } from '../../src';
import { joinPath, toWebSocketURL } from '../../src/endpoint-urls';
import { resolveCredentials } from '../../src/transport/resolve-credentials';
import { resolveSettings, type WsOpenAIProviderSettings } from '../../src/ws-openai-settings';

const ENV_KEY = 'sk-env-credentials-test-1c0f';
let previous: string | undefined;

beforeEach(() => {
  previous = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = ENV_KEY;
});
afterEach(() => {
  if (previous === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = previous;
});

const resolve = (settings: WsOpenAIProviderSettings, call?: Record<string, string>) =>
  resolveCredentials(resolveSettings({ baseURL: 'https://host.test/v1', ...settings }), call);

describe('URLs', () => {
  it('keeps a query string on baseURL on both the socket and the POST URL', () => {
    expect(toWebSocketURL('https://gw.test/v1?tenant=a&x=1')).toBe('wss://gw.test/v1/responses?tenant=a&x=1');
    expect(joinPath('https://gw.test/v1?tenant=a', '/responses')).toBe(
      'https://gw.test/v1/responses?tenant=a',
    );
    expect(joinPath('https://gw.test/v1/', '/responses')).toBe('https://gw.test/v1/responses');
  });

  it('takes webSocketURL as given, with http(s) mapped to ws(s)', () => {
    expect(resolveSettings({ webSocketURL: 'https://gw.test/a/ws?k=v' }).webSocketURL).toBe(
      'wss://gw.test/a/ws?k=v',
    );
    expect(() => resolveSettings({ webSocketURL: 'ftp://gw.test/x' })).toThrow(/webSocketURL/);
  });
});

describe('which credentials a request carries', () => {
  it('without headers or protocols, OPENAI_API_KEY as Bearer', async () => {
    expect((await resolve({})).headers.authorization).toBe(`Bearer ${ENV_KEY}`);
  });

  it('with an api-key header or protocols, never the environment key', async () => {
    expect((await resolve({ headers: { 'api-key': 'k' } })).headers.authorization).toBeUndefined();
    expect(
      (await resolve({ headers: async () => ({ 'api-key': 'k' }) })).headers.authorization,
    ).toBeUndefined();
    expect((await resolve({ protocols: ['p', 'key.k'] })).headers.authorization).toBeUndefined();
  });

  it('other headers keep the environment key, as with @ai-sdk/openai; without one they need none', async () => {
    expect((await resolve({ headers: { 'x-trace': 't' } })).headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    delete process.env.OPENAI_API_KEY;
    expect(
      (await resolve({ headers: async () => ({ 'x-key': 'k' }) })).headers.authorization,
    ).toBeUndefined();
    await expect(resolve({})).rejects.toMatchObject({ name: 'AI_LoadAPIKeyError' });
  });

  it('a Headers instance (from JavaScript) is headers given, not the empty default', async () => {
    const headers = new Headers({ authorization: 'Bearer gw-token' }) as unknown as Record<string, string>;
    delete process.env.OPENAI_API_KEY;
    expect((await resolve({ headers })).headers.authorization).toBe('Bearer gw-token');
    expect(resolveSettings({ headers }).serialized).toBeUndefined();
  });

  it('@ai-sdk/openai, unlike this provider, requires a key whatever its headers carry (a deliberate difference)', async () => {
    delete process.env.OPENAI_API_KEY;
    const fetch = async () => {
      throw new Error('no request may go out without a key');
    };
    const http = createOpenAI({
      baseURL: 'https://host.test/v1',
      headers: { authorization: 'Bearer gw' },
      fetch,
    });
    await expect(
      http
        .responses('gpt-5.4')
        .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }),
    ).rejects.toMatchObject({ name: 'AI_LoadAPIKeyError' });
    expect((await resolve({ headers: { authorization: 'Bearer gw' } })).headers.authorization).toBe(
      'Bearer gw',
    );
  });

  it('headers: {} and protocols: [] are the defaults spelt out: the key is required as without them', async () => {
    expect((await resolve({ headers: {}, protocols: [] })).headers.authorization).toBe(`Bearer ${ENV_KEY}`);
    delete process.env.OPENAI_API_KEY;
    await expect(resolve({ headers: {} })).rejects.toMatchObject({ name: 'AI_LoadAPIKeyError' });
    await expect(resolve({ protocols: [] })).rejects.toMatchObject({ name: 'AI_LoadAPIKeyError' });
  });

  it('an explicit apiKey is sent unless the headers carry Authorization; a call’s headers win over both', async () => {
    expect((await resolve({ apiKey: 'a', headers: { 'x-extra': '1' } })).headers.authorization).toBe(
      'Bearer a',
    );
    expect(
      (await resolve({ apiKey: 'a', headers: () => ({ Authorization: 'Bearer h' }) })).headers.authorization,
    ).toBe('Bearer h');
    expect((await resolve({ apiKey: 'a' }, { authorization: 'Bearer call' })).headers.authorization).toBe(
      'Bearer call',
    );
  });

  it('the generation follows the provider credentials, not a call’s headers', async () => {
    let token = 't1';
    const settings = { headers: async () => ({ Authorization: `Bearer ${token}` }) };
    const first = await resolve(settings, { 'openai-project': 'a' });
    const sameToken = await resolve(settings, { 'openai-project': 'b' });
    token = 't2';
    const refreshed = await resolve(settings);
    expect(sameToken.generation).toBe(first.generation);
    expect(refreshed.generation).not.toBe(first.generation);
    expect(first.generation).not.toContain('t1');
  });

  it('a header value that cannot be sent is an InvalidArgumentError that does not quote it', async () => {
    const error = await resolve({ headers: async () => ({ 'api-key': 'secret-value-9f\n' }) }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'AI_InvalidArgumentError', argument: 'headers' });
    expect(String(error.message)).not.toContain('secret-value-9f');
  });

  it('createAzureWsOpenAI takes either apiKey or azureADTokenProvider', () => {
    expect(() =>
      createAzureWsOpenAI({ resourceName: 'r', apiKey: 'k', azureADTokenProvider: async () => 't' }),
    ).toThrow(expect.objectContaining({ name: 'AI_InvalidArgumentError' }));
  });

  it.each([
    ['a function', () => ({ 'x-trace': 't' })],
    ['a Headers instance', new Headers({ 'x-trace': 't' })],
  ])('createAzureWsOpenAI refuses headers as %s (from JavaScript) instead of dropping them', (_, given) => {
    const headers = given as unknown as Record<string, string>;
    expect(() => createAzureWsOpenAI({ resourceName: 'r', apiKey: 'k', headers })).toThrow(
      expect.objectContaining({
        name: 'AI_InvalidArgumentError',
        message: expect.stringMatching(/azureADTokenProvider/),
      }),
    );
  });
});
