import type { ServerEvent } from './host-socket';

/** Top-level fields of an error frame as the emulator sends it (`sequence_number` only inside a response). */
const KNOWN_FIELDS = new Set(['type', 'status', 'status_code', 'error', 'sequence_number', 'stream_id']);

/**
 * What an error frame lacks against the shape the emulator sends:
 * `{type: 'error', status, error: {type, code, message, param}}`.
 */
export function errorFrameProblems(event: ServerEvent | undefined): string[] {
  if (event?.type !== 'error') return [`not an error event (${String(event?.type)})`];
  const problems: string[] = [];
  if (typeof event.status !== 'number')
    problems.push(
      event.status_code === undefined
        ? 'no status'
        : `status_code ${String(event.status_code)} instead of status`,
    );
  const error = event.error;
  if (typeof error !== 'object' || error === null) {
    problems.push(typeof error === 'string' ? 'error is a string, not an object' : 'no nested error object');
    return problems;
  }
  for (const field of ['type', 'code', 'message'])
    if (typeof (error as Record<string, unknown>)[field] !== 'string') problems.push(`no error.${field}`);
  if (!('param' in error)) problems.push('no error.param');
  return problems;
}

/** The shape of an error frame in a few words: `status 400, error{type,code,message,param}, no sequence_number`. */
export function describeErrorFrame(event: ServerEvent): string {
  const status =
    event.status !== undefined
      ? `status ${String(event.status)}`
      : event.status_code !== undefined
        ? `status_code ${String(event.status_code)}`
        : 'no status';
  const error = event.error;
  const body =
    typeof error === 'object' && error !== null
      ? `error{${Object.keys(error).join(',')}}`
      : typeof error === 'string'
        ? 'error as a string'
        : `flat{${Object.keys(event)
            .filter((key) => key !== 'type')
            .join(',')}}`;
  const extra = Object.keys(event).filter((key) => !KNOWN_FIELDS.has(key));
  return [
    status,
    body,
    'sequence_number' in event ? 'with sequence_number' : 'no sequence_number',
    ...(extra.length > 0 && typeof error === 'object' ? [`also ${extra.join(',')}`] : []),
  ].join(', ');
}
