/** A response with a status outside 200–299, kept whole so callers can read its body and headers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'HttpError';
  }
}

/** fetch rejects with a TypeError when the network fails (DNS, refused connection, reset). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && !(error instanceof HttpError);
}
