/** RESULTS.md: stream mapping throughput, replayed from memory. */
import type { BenchResults } from './bench-results';
import { kib } from './format';

export function mappingSection(results: BenchResults): string[] {
  const lines: string[] = [];
  lines.push('## Micro-benchmark: stream mapping throughput');
  lines.push('');
  const first = results.mapping[0];
  if (first !== undefined) {
    lines.push(
      `The largest recorded response, \`${first.fixture}\` (${first.eventsPerReplay} events, ${kib(first.fixtureBytes)}), replayed ${first.replays} times from memory — no network, no emulator. ` +
        "wsOpenAI: a fake socket (the `WebSocket` setting) delivers each line as a text frame, so events take the provider's whole receive path (`ResponsesConnection` → SSE re-framing → `@ai-sdk/openai` parsing and mapping → metadata transform). " +
        '@ai-sdk/openai: a fake `fetch` returns the same events as an SSE body, one chunk per event. Events/s = events / wall time. ' +
        'Since the transport joins the frames of one socket read into one SSE chunk, and the fake socket delivers a whole replay in one task, wsOpenAI gets one chunk per replay here and the reference one per event: ' +
        'the streaming table below compares them over real sockets.',
    );
    lines.push('');
    lines.push('| Path | events/s | MB/s | stream parts per replay | CPU / wall |');
    lines.push('|---|---|---|---|---|');
    for (const m of results.mapping) {
      lines.push(
        `| ${m.contender === 'http' ? '@ai-sdk/openai SSE mapping (reference)' : 'wsOpenAI transport + mapping'} | ${Math.round(m.eventsPerSecond).toLocaleString('en-US')} | ${m.megabytesPerSecond.toFixed(1)} | ${m.partsPerReplay} | ${(m.cpuMs / m.elapsedMs).toFixed(2)} |`,
      );
    }
  }
  lines.push('');
  return lines;
}
