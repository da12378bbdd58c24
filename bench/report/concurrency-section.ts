/** RESULTS.md: many conversations at once, one table per model latency × tool time, with each row's verdict. */
import type { ConcurrencyCellResult, ConcurrencyContenderSummary } from '../concurrency-summary';
import type { BenchResults } from './bench-results';
import {
  continuedCell,
  cpuCell,
  delayCell,
  emulatorShareCell,
  errorsCell,
  ratioCell,
  rssCell,
  socketsCell,
  wallCell,
} from './concurrency-cells';
import { cellName, continuedGoal, RATIO_LIMIT, rowVerdict } from './concurrency-verdicts';
import { pct, x } from './format';

const word = (met: boolean | null) => (met === null ? '—' : met ? 'met' : '**missed**');

function verdictCell(row: ConcurrencyContenderSummary, cell: ConcurrencyCellResult): string {
  if (row.contender === 'http') return 'reference';
  const verdict = rowVerdict(row, cell);
  return `wall ${word(verdict.wall)}, CPU ${word(verdict.cpu)}, continued ${word(verdict.continued)}`;
}

const time = (ms: number) => (ms === 0 ? 'none' : `${(ms / 1000).toLocaleString('en-US')} s`);

export function concurrencySection(results: BenchResults): string[] {
  const concurrency = results.concurrency;
  if (concurrency === undefined || concurrency.cells.length === 0) return [];
  const { plan } = concurrency;
  const lines = ['## Concurrency: many conversations at once', ''];
  lines.push(
    `\`bench/concurrency-*.ts\`: N conversations start at once in one client process, all on one provider (as a server holds one), ` +
      `each a \`streamText\` agent loop with the scenario's system prompt and six tools, \`stopWhen: stepCountIs(${plan.steps})\`: ` +
      `${plan.steps - 1} tool calls, then the answer (checked; a conversation that ends otherwise is an error). ` +
      'Contenders: `@ai-sdk/openai` over HTTP (`createOpenAI({ baseURL, apiKey }).responses(id)`, the global `fetch`), `wsOpenAI` with default settings, and `wsOpenAI` with `lanes: 16`. ' +
      'Each run (one contender in one cell) has a fresh client process, which first warms up with one conversation on a provider of its own (closed before the measurement), and a fresh emulator process; ' +
      `contenders alternate within a cell (HTTP, ws, lanes, HTTP, … when repeated), ${plan.repetitions} repetition${plan.repetitions === 1 ? '' : 's'}` +
      `${plan.instantCells === undefined ? '' : ` (${plan.instantCells.repetitions} for the cells with neither model latency nor tool time up to ${plan.instantCells.upToConversations} conversations, which take well under a second)`}, ` +
      'medians; ratios are against HTTP in the same repetition. ' +
      `This part of the run took ${concurrency.wallSeconds} s.`,
  );
  lines.push('');
  lines.push(
    '**Cost model:** the emulator answers at once except for the model latency (`timeToFirstTokenMs`, before every response): no server cost per request or per byte, no injected round trip (loopback), output not paced. ' +
      "HTTP's re-sent history therefore costs its server nothing here and wsOpenAI gains nothing from sending less: what differs is the client's own work, its connections, and how long a request waits for one.",
  );
  lines.push('');
  lines.push(
    '**Columns:** wall = first conversation started → last one settled. Client CPU = `process.cpuUsage()` (user + system) of the client process over that window. ' +
      'Sockets open = most connections open at once at the emulator: WebSocket for wsOpenAI, HTTP (TCP) connections for HTTP, n/a where the emulator does not count those. ' +
      `Continued = follow-up steps (${plan.steps - 1} per conversation) whose \`providerMetadata['openai-ws'].continued\` is true, of all expected; in brackets the share the emulator served from a socket's cache. ` +
      'Peak RSS = `process.resourceUsage().maxRSS` of the client. Event-loop delay = p99 of `monitorEventLoopDelay` less its 10 ms sampling interval. ' +
      "Emulator CPU / wall = the emulator process's CPU over the client's wall time: near 100% the single-threaded emulator (on the same cores) set the pace, not the client. " +
      `Verdicts: wall and CPU ≤ ${x(RATIO_LIMIT)} HTTP's; continued ≥ ${pct(continuedGoal(0))} with instant tools, ≥ ${pct(continuedGoal(1))} with slow tools; ratios judged as shown, to two decimals; a row with errors meets neither ratio.`,
  );
  lines.push('');
  if ((plan.skip ?? []).length > 0) {
    lines.push(
      `**Not run** (to keep this part near ten minutes on ${results.meta.machine.nproc} cores): ${plan.skip!.map((cell) => cellName(cell)).join('; ')}.`,
    );
    lines.push('');
  }
  for (const latency of plan.modelLatenciesMs) {
    for (const toolMs of plan.toolMs) {
      const cells = concurrency.cells.filter((c) => c.modelLatencyMs === latency && c.toolMs === toolMs);
      if (cells.length === 0) continue;
      lines.push(
        `### Model latency ${time(latency)}, tools ${toolMs === 0 ? 'instant' : `taking ${time(toolMs)}`}`,
      );
      lines.push('');
      lines.push(
        '| Conversations | Contender | Wall | × HTTP | Client CPU | × HTTP | Sockets open (peak) | Continued (cache hits) | Peak RSS | Event-loop delay p99 | Errors | Emulator CPU / wall | Verdict |',
      );
      lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const cell of cells) {
        for (const row of cell.contenders) {
          lines.push(
            `| ${cell.conversations.toLocaleString('en-US')} | ${row.label} | ${wallCell(row)} | ${ratioCell(row.wallVsHttp)} | ${cpuCell(row)} | ${ratioCell(row.cpuVsHttp)} | ` +
              `${socketsCell(row)} | ${continuedCell(row)} | ${rssCell(row)} | ${delayCell(row)} | ${errorsCell(row)} | ${emulatorShareCell(row)} | ${verdictCell(row, cell)} |`,
          );
        }
      }
      lines.push('');
    }
  }
  return lines;
}
