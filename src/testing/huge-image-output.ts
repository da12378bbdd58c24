import { createId } from './create-ids';
import type { Item } from './emulator-types';
import type { PlannedEvent } from './render-response-events';

/** What the `huge-event` fault pads to by default: above `ws`'s default `maxPayload` (100 MiB). */
export const DEFAULT_HUGE_EVENT_BYTES = 110 * 1024 * 1024;

/** The terminal events whose response carries output. */
const TERMINAL = new Set(['response.completed', 'response.incomplete']);

/**
 * A response's events with one more output item: an `image_generation_call` in the recorded shape
 * (added in progress, its in_progress / generating / completed events, done with a base64 `result`), placed
 * before the terminal event, whose response lists it too. The `result` is long enough that the item's
 * `response.output_item.done` and the terminal event each exceed `bytes`. Sequence numbers from the new item
 * on are renumbered. A sequence that ends otherwise (`response.failed`, `error`) gets no item.
 */
export function withHugeImage(events: readonly PlannedEvent[], bytes: number): PlannedEvent[] {
  const end = events.findIndex((planned) => TERMINAL.has(String(planned.event.type)));
  if (end < 0) return [...events];
  const terminal = events[end]!.event;
  const response = terminal.response as Item;
  const output = Array.isArray(response.output) ? (response.output as Item[]) : [];
  const outputIndex = output.length;
  const id = createId('ig');
  const base = { id, type: 'image_generation_call' };
  const done = {
    ...base,
    status: 'completed',
    background: 'opaque',
    output_format: 'webp',
    quality: 'low',
    result: base64Image(bytes),
    revised_prompt: 'A test image, padded to exercise large events.',
    size: '1024x1024',
  };
  const progress = (type: string) => ({ type, output_index: outputIndex, item_id: id });
  const added: Item[] = [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...base, status: 'in_progress' },
    },
    progress('response.image_generation_call.in_progress'),
    progress('response.image_generation_call.generating'),
    progress('response.image_generation_call.completed'),
    { type: 'response.output_item.done', output_index: outputIndex, item: done },
    { ...terminal, response: { ...response, output: [...output, done] } },
  ];
  let sequence = typeof terminal.sequence_number === 'number' ? terminal.sequence_number : undefined;
  const numbered = added.map((event) => ({
    event: sequence === undefined ? event : { ...event, sequence_number: sequence++ },
    tokens: 0,
  }));
  // Events after the terminal one (a replay may have some) keep their order after it.
  const after = events
    .slice(end + 1)
    .map((planned) =>
      sequence === undefined || typeof planned.event.sequence_number !== 'number'
        ? planned
        : { ...planned, event: { ...planned.event, sequence_number: sequence++ } },
    );
  return [...events.slice(0, end), ...numbered, ...after];
}

/**
 * Base64 of a WebP file header followed by zero bytes, at least `bytes` characters long. The header is 12
 * bytes (16 characters), so the zeros ('A's) start on a 3-byte boundary and the whole string stays valid.
 */
function base64Image(bytes: number): string {
  const header = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP')]).toString(
    'base64',
  );
  const zeros = Math.max(0, Math.ceil((bytes + 1 - header.length) / 4) * 4);
  return header + 'A'.repeat(zeros);
}
