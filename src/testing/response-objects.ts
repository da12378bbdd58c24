import type { Item } from './emulator-types';

/** A stored response as `GET /v1/responses/{id}` shows it, kept up to date while it runs. */
export interface KeptResponse {
  /** The latest response object an event carried (`queued`, `in_progress`, then the terminal one). */
  response: Item;
  /** The items the request itself carried, for `GET /v1/responses/{id}/input_items`. */
  readonly input: readonly Item[];
  /** Stops a running background response; unset for others (they cannot be cancelled). */
  cancel?: () => void;
}

/**
 * An observer of the frames sent for one request that keeps its response object (only for `store: true`,
 * the default, as the API keeps only those) so the HTTP routes can read, list, delete and cancel it.
 */
export function keepResponse(
  responses: Map<string, KeptResponse>,
  body: Readonly<Record<string, unknown>>,
  input: readonly Item[],
): (frame: unknown) => void {
  if (body.store === false) return () => {};
  return (frame) => {
    if (typeof frame !== 'object' || frame === null || Buffer.isBuffer(frame)) return;
    const response = (frame as Item).response as Item | undefined;
    if (typeof response?.id !== 'string') return;
    const kept = responses.get(response.id);
    // A cancelled response stays cancelled, whatever was still in flight.
    if (kept?.response.status === 'cancelled') return;
    if (kept === undefined) responses.set(response.id, { response, input });
    else kept.response = response;
  };
}
