import type { Item } from './emulator-types';
import type { Lane } from './lanes';

/**
 * The documented failure event for a `response.steer` or `response.inject`: the emulated model neither
 * steers nor waits for injected input. `target` is the lane whose running response the event names (its
 * `stream_id` is echoed by the caller); `completed` says whether the id names a finished response instead.
 */
export function steerOrInjectFailure(
  type: 'response.steer' | 'response.inject',
  body: Item,
  target: Lane | undefined,
  completed: boolean,
  sequenceNumber: number,
): Item {
  const steer = type === 'response.steer';
  const targetId = steerOrInjectTarget(type, body);
  const [code, message] =
    typeof targetId !== 'string' || (steer && !validSteerInput(body.input))
      ? ['invalid_input', `Invalid '${type}' event.`]
      : target !== undefined
        ? steer
          ? ['steering_not_supported', 'This model does not support steering.']
          : ['response_not_found', `Response '${targetId}' is not waiting for injected input.`]
        : completed
          ? ['response_already_completed', `Response '${targetId}' has already completed.`]
          : ['response_not_found', `Response '${targetId}' was not found on this connection.`];
  return steer
    ? {
        type: 'response.steer.failed',
        sequence_number: sequenceNumber,
        error: { type: 'invalid_request_error', code, message },
        steer: { input: body.input, previous_response_id: targetId },
      }
    : {
        type: 'response.inject.failed',
        sequence_number: sequenceNumber,
        error: { code, message },
        input: Array.isArray(body.input) ? body.input : [],
        response_id: targetId,
      };
}

/** The id a steer or inject event names: the response it wants to reach. */
export function steerOrInjectTarget(type: 'response.steer' | 'response.inject', body: Item): unknown {
  return type === 'response.steer' ? body.previous_response_id : body.response_id;
}

/** Steering input: a non-empty string, or a non-empty list of user messages (`type`, `role`, `content`). */
function validSteerInput(input: unknown): boolean {
  if (typeof input === 'string') return input !== '';
  return (
    Array.isArray(input) &&
    input.length > 0 &&
    input.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        (item as Item).role === 'user' &&
        ((item as Item).type ?? 'message') === 'message',
    )
  );
}
