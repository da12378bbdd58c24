import type { RequestRecord } from './emulator-types';

/**
 * One log line for a settled request: when, transport and connection, what it continued and whether that
 * came from the connection cache, its size, and how it ended. For example
 * `12:00:01.250 #3 ws conn=1 prev=resp_ab cache=hit items=1 bytes=412 completed resp_cd`.
 */
export function formatRequestLine(record: RequestRecord, now = new Date()): string {
  const cache =
    record.previousResponseId === undefined
      ? ''
      : ` prev=${record.previousResponseId} cache=${record.cacheHit === undefined ? 'not-found' : record.cacheHit ? 'hit' : 'store'}`;
  return [
    now.toISOString().slice(11, 23),
    `#${record.index}`,
    record.transport,
    ...(record.connectionId === undefined ? [] : [`conn=${record.connectionId}`]),
    ...(record.body.stream_id === undefined ? [] : [`lane=${String(record.body.stream_id)}`]),
  ]
    .join(' ')
    .concat(cache, record.generate ? '' : ' warm-up', ` items=${record.inputItems} bytes=${record.bytes}`)
    .concat(` ${record.outcome}`, record.responseId === undefined ? '' : ` ${record.responseId}`);
}
