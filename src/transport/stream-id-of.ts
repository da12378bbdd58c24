/** `"stream_id"` as a key, then its string value (JSON escapes kept as they are: lane ids need none). */
const STREAM_ID = /"stream_id"\s*:\s*"([^"\\]*)"/;

/**
 * The `stream_id` a server event echoes, read without parsing the frame (most frames are deltas, which the
 * inner model parses once). In JSON a quote inside a string is escaped, so `"stream_id"` followed by a
 * colon can only be a key; an event's payload (a response object, an item, a delta) has no `stream_id` of
 * its own, so the first one is the event's.
 */
export function streamIdOf(frame: string): string | undefined {
  if (!frame.includes('"stream_id"')) return undefined;
  return STREAM_ID.exec(frame)?.[1];
}
