import { readFileSync } from 'node:fs';
import type { EmulatorModel, Item } from './emulator-types';

/**
 * Streams a recorded `*.chunks.txt` fixture (one JSON event per line) exactly as recorded. A recording
 * of several responses (each starting at `response.created`) plays one response per request, in order,
 * then starts over.
 */
export function replayModel(pathOrLines: string | readonly string[]): EmulatorModel {
  const lines =
    typeof pathOrLines === 'string'
      ? readFileSync(pathOrLines, 'utf8').split('\n')
      : pathOrLines.flatMap((line) => line.split('\n'));
  const responses = splitResponses(
    lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Item),
  );
  if (responses.length === 0) throw new Error('replayModel: the recording holds no events');
  let next = 0;
  return () => {
    const events = responses[next % responses.length]!;
    next++;
    return { events };
  };
}

function splitResponses(events: Item[]): Item[][] {
  const responses: Item[][] = [];
  for (const event of events) {
    if (event.type === 'response.created' || responses.length === 0) responses.push([]);
    responses.at(-1)!.push(event);
  }
  return responses;
}
