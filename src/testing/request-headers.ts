import type { IncomingMessage } from 'node:http';

/** The key of an `Authorization: Bearer <key>` header; the scheme is case-insensitive (RFC 7235). */
export function bearerKey(request: IncomingMessage): string | undefined {
  return /^bearer +(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/** The `OpenAI-Beta` header as sent (repeated headers joined), for the request records. */
export function openaiBeta(request: IncomingMessage): string | undefined {
  const value = request.headers['openai-beta'];
  return Array.isArray(value) ? value.join(', ') : value;
}
