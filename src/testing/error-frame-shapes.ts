import type { ErrorFrameShape, Item } from './emulator-types';
import { errorFrame, type RequestError } from './response-state';

/** How an injected error frame is laid out; see the `error-frame` fault. */
export interface ErrorFrameLayout {
  /** @default 'nested' */
  readonly shape?: ErrorFrameShape;
  /** @default 'status' */
  readonly statusField?: 'status' | 'status_code';
  /** `code` and `param` were given by the fault (the `'envelope'` shape carries only what was given). */
  readonly explicit?: { readonly code: boolean; readonly param: boolean; readonly type: boolean };
}

/** An error frame in one of the layouts hosts send. */
export function shapeErrorFrame(
  error: RequestError,
  sequenceNumber: number | undefined,
  layout: ErrorFrameLayout,
): Item {
  const shape = layout.shape ?? 'nested';
  if (shape === 'envelope') {
    const explicit = layout.explicit ?? { code: true, param: true, type: true };
    return {
      error: {
        message: error.message,
        type: explicit.type ? error.type : 'api_error',
        ...(explicit.code ? { code: error.code } : {}),
        ...(explicit.param ? { param: error.param } : {}),
      },
    };
  }
  const status = error.status === undefined ? {} : { [layout.statusField ?? 'status']: error.status };
  const sequence = sequenceNumber === undefined ? {} : { sequence_number: sequenceNumber };
  if (shape === 'flat')
    return {
      type: 'error',
      ...status,
      ...sequence,
      code: error.code,
      message: error.message,
      param: error.param,
    };
  if (shape === 'string') return { type: 'error', ...status, ...sequence, error: error.message };
  const { status: _status, ...nested } = errorFrame(error, sequenceNumber);
  return { type: 'error', ...status, ...nested };
}

/** Whether a frame is an error frame, in any layout (the envelope has no `type`). */
export function isErrorFrame(frame: Item): boolean {
  return (
    frame.type === 'error' ||
    (frame.type === undefined && typeof frame.error === 'object' && frame.error !== null)
  );
}

/** What an error frame of any layout says, for an HTTP answer: its status (if it has one) and its error. */
export function readErrorFrame(frame: Item): RequestError {
  const status = typeof frame.status === 'number' ? frame.status : frame.status_code;
  const inner = typeof frame.error === 'object' && frame.error !== null ? (frame.error as Item) : frame;
  const message = typeof frame.error === 'string' ? frame.error : inner.message;
  const known = typeof status === 'number' ? status : undefined;
  return {
    status: known,
    // A flat frame names no error type: the one its status stands for.
    type:
      typeof inner.type === 'string' && inner !== frame
        ? inner.type
        : (known ?? 500) >= 500
          ? 'server_error'
          : 'invalid_request_error',
    code: inner.code == null ? 'server_error' : String(inner.code),
    message: String(message ?? 'The server had an error while processing your request.'),
    param: typeof inner.param === 'string' ? inner.param : null,
  };
}
