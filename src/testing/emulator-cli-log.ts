import type { RequestRecord } from './emulator-types';

/**
 * One log line for a settled request: when, transport and connection (and lane), what it continued and
 * where that was found (`hit`: the connection cache, `store`: reloaded, `not-found`), whether it was a
 * warm-up, its size, and how it ended. For example
 * `12:00:01.250 #3 ws conn=1 prev=resp_ab cache=hit items=1 bytes=412 completed resp_cd`.
 */
export function formatRequestLine(record: RequestRecord, now = new Date()): string {
  const parts = [now.toISOString().slice(11, 23), `#${record.index}`, record.transport];
  if (record.connectionId !== undefined) parts.push(`conn=${record.connectionId}`);
  if (record.body.stream_id !== undefined) parts.push(`lane=${String(record.body.stream_id)}`);
  if (record.previousResponseId !== undefined) {
    const cache = record.cacheHit === undefined ? 'not-found' : record.cacheHit ? 'hit' : 'store';
    parts.push(`prev=${record.previousResponseId}`, `cache=${cache}`);
  }
  if (!record.generate) parts.push('warm-up');
  parts.push(`items=${record.inputItems}`, `bytes=${record.bytes}`, record.outcome);
  if (record.responseId !== undefined) parts.push(record.responseId);
  return parts.join(' ');
}
