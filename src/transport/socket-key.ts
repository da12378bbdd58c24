import { createHash } from 'node:crypto';
import type { RequestCredentials } from './resolve-credentials';

/**
 * Which sockets a request may use: keyed by URL and every handshake header, so different credentials (or
 * any other header a gateway might authenticate with) never share one. The user agent is left out: the
 * AI SDK sets a different one for generateText and streamText, and it names the client, not the caller.
 * Nothing is kept per key: the pool holds a key only as long as it holds a socket opened with it. The key
 * starts with the credentials' generation, so the sockets of a refreshed token can be told apart.
 */
export function socketKey(
  webSocketURL: string,
  headers: Record<string, string>,
  credentials: RequestCredentials,
): string {
  const identifying = Object.entries(headers).filter(([name]) => name !== 'user-agent');
  const canonical = JSON.stringify([
    identifying.sort(([a], [b]) => a.localeCompare(b)),
    credentials.protocols,
  ]);
  // A digest, so the key (which contains the credential) is never a readable string in memory dumps or logs.
  const digest = createHash('sha256').update(webSocketURL).update('\n').update(canonical).digest('hex');
  return `${credentials.generation}:${digest}`;
}

/** The credentials generation a socket key belongs to. */
export function generationOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/** The request's headers minus those that describe an HTTP body, which a handshake has none of. */
export function handshakeHeaders(headers: Record<string, string>): Record<string, string> {
  const result = { ...headers };
  delete result['content-type'];
  delete result['content-length'];
  return result;
}
