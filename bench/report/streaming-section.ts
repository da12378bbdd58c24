/** RESULTS.md: streaming throughput and CPU per event over real sockets. */
import type { BenchResults } from './bench-results';
import { count, x } from './format';

export function streamingSection(results: BenchResults): string[] {
  const first = results.streaming[0];
  if (first === undefined) return [];
  const http = results.streaming.find((row) => row.contender === 'http');
  const lines = ['## Micro-benchmark: streaming throughput and CPU per event', ''];
  lines.push(
    `One response of ${count(first.tokens)} one-token text deltas (\`response.output_text.delta\`, 4 characters each, plus the response's 8 other events), ` +
      'sent by the emulator in its own process with its timing off (as fast as it writes), read through `streamText(...).textStream` as an application does. ' +
      'Events/s = server events / wall time from `streamText` to the end of `textStream`; CPU = `process.cpuUsage()` (user + system) of the client process over the same window. ' +
      `Contenders alternate, medians of ${first.repetitions} (the targets take the ratio of HTTP and wsOpenAI within each repetition, where they run back to back). The ceiling feeds \`streamText\` the same text as pre-built \`text-delta\` parts (no network, no SSE, no JSON): the AI SDK's pipeline alone. ` +
      "The prototype (`bench/fast-path-prototype.ts`, not shipped) reads the same socket frames and maps text deltas to stream parts by hand, without `@ai-sdk/openai`'s SSE parsing, validation and mapper: what a fast path could reach, measured before it is proposed.",
  );
  lines.push('');
  lines.push('| Contender | events/s | vs HTTP | CPU per event | vs HTTP | CPU / wall | wall per run (ms) |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const row of results.streaming) {
    lines.push(
      `| ${row.label} | ${count(row.eventsPerSecond)} | ${http === undefined ? '—' : x(row.eventsPerSecond / http.eventsPerSecond)} | ` +
        `${row.cpuMicrosPerEvent.toFixed(1)} µs | ${http === undefined ? '—' : x(row.cpuMicrosPerEvent / http.cpuMicrosPerEvent)} | ${row.cpuOverWall.toFixed(2)} | ` +
        `${row.runs.map((run) => Math.round(run.wallMs)).join(', ')} |`,
    );
  }
  lines.push('');
  return lines;
}
