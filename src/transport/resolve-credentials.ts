import { createHash } from 'node:crypto';
import { loadApiKey, normalizeHeaders } from '@ai-sdk/provider-utils';
import { invalidSetting } from '../errors/invalid-setting';
import type { ResolvedSettings } from '../ws-openai-settings';

/** What one request goes out with: every header of the HTTP request, and the subprotocols of a socket. */
export interface RequestCredentials {
  /** Lower-cased: the provider's headers (resolved now), then the call's, then `Authorization` from the key. */
  readonly headers: Record<string, string>;
  readonly protocols: readonly string[];
  /**
   * A digest of the provider-level credentials (not the call's headers): when it changes, the provider's
   * token was refreshed and sockets opened with the previous one have no future.
   */
  readonly generation: string;
}

/**
 * Resolves the provider's `headers` (calling it when it is a function, which may be async) and merges them
 * with the headers of the request the inner model built. The inner `@ai-sdk/openai` model reads its
 * header config synchronously, so an async token provider can only be awaited here, once per request:
 * that is what makes a refreshed token reach the next socket and every fallback request.
 */
export async function resolveCredentials(
  settings: ResolvedSettings,
  requestHeaders: HeadersInit | undefined,
): Promise<RequestCredentials> {
  const configured =
    typeof settings.headers === 'function' ? await settings.headers() : (settings.headers ?? {});
  const provider = normalizeHeaders({
    'OpenAI-Organization': settings.organization,
    'OpenAI-Project': settings.project,
    ...normalizeHeaders(configured),
  });
  if (provider.authorization === undefined) {
    const key = apiKeyOf(settings, provider);
    if (key !== undefined) provider.authorization = `Bearer ${headerSafe('apiKey', key)}`;
  }
  for (const value of Object.values(provider)) headerSafe('headers', value);
  for (const protocol of settings.protocols) headerSafe('protocols', protocol);

  const generation = createHash('sha256')
    .update(JSON.stringify([sortedEntries(provider), settings.protocols]))
    .digest('hex')
    .slice(0, 16);
  // A call's headers win over the provider's, as in @ai-sdk/openai; so does a call's own Authorization.
  const headers = { ...provider, ...normalizeHeaders(requestHeaders) };
  return { headers, protocols: settings.protocols, generation };
}

/**
 * The explicit key, else `OPENAI_API_KEY` as `@ai-sdk/openai` reads it, so extra `headers` (tracing, a
 * beta flag) keep the key from the environment exactly as they do there. Hosts that authenticate
 * otherwise need none: an `api-key` header (Azure) or subprotocols mean no key is read or sent, and with
 * any `headers` a missing key is no error (they may authenticate a gateway).
 */
function apiKeyOf(settings: ResolvedSettings, provider: Record<string, string>): string | undefined {
  if (settings.apiKey !== undefined) return settings.apiKey;
  if (provider['api-key'] !== undefined || settings.protocols.length > 0) return undefined;
  if (settings.headers !== undefined) return process.env.OPENAI_API_KEY || undefined;
  return loadApiKey({ apiKey: undefined, environmentVariableName: 'OPENAI_API_KEY', description: 'OpenAI' });
}

function sortedEntries(headers: Record<string, string>): Array<[string, string]> {
  return Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A value with a line break (a stray newline in an env file, say) would otherwise fail inside header
 * validation, whose error message quotes the whole value, i.e. the key.
 */
function headerSafe(argument: string, value: string): string {
  // What Node's HTTP client accepts in a header value: tab, printable ASCII and Latin-1.
  if (/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) return value;
  throw invalidSetting(
    argument,
    'it contains a character not allowed in an HTTP header (a line break or another control character); its value is not shown',
  );
}
