/** RESULTS.md: provider CPU per step against history length, and where the send path spends it. */
import { CPU_CONTENDER_LABELS } from '../micro-cpu';
import type { BenchResults } from './bench-results';
import { gc, kib, us, x } from './format';

export function cpuSection(results: BenchResults): string[] {
  const lines: string[] = [];
  lines.push('## Micro-benchmark: provider CPU per step against history length');
  lines.push('');
  lines.push(
    `A conversation of ${results.cpu[0]?.steps ?? '?'} tool steps with ${results.cpu[0]?.toolOutputBytes ?? '?'} B tool outputs (history ${kib(results.cpu[0]?.historyBytesAtLastStep ?? 0)} at the last step), ` +
      "driven by calling `doStream` directly (no `streamText`), the emulator in its own process with its timing off. `process.cpuUsage()` (user + system) is read before `doStream` and after the step's stream is fully read: the client process is idle while the emulator works, so this is the CPU the client spent on the step — converting the prompt, serialising the body, the transport (planning, sending, receiving), event mapping, and any GC that lands in the step. Median over repetitions; windows of 5 steps to damp noise.",
  );
  lines.push('');
  lines.push('| Contender | step 1 | steps 1–5 | last 5 steps | last step | last 5 / first 5 |');
  lines.push('|---|---|---|---|---|---|');
  for (const c of results.cpu) {
    lines.push(
      `| ${CPU_CONTENDER_LABELS[c.contender]} | ${us(c.step1Micros)} | ${us(c.firstWindowMicros)} | ${us(c.lastWindowMicros)} | ${us(c.lastStepMicros)} | ${x(c.lastOverFirst)} |`,
    );
  }
  lines.push('');
  lines.push(
    "CPU per step against the history in the prompt (median of each 5-step window), and the main thread's garbage-collection pauses within the steps (V8's `gc` performance entries, mean per step; `process.cpuUsage()` also counts V8's background threads, which these entries do not show):",
  );
  lines.push('');
  const ws = results.cpu.find((c) => c.contender === 'ws-incremental');
  const http = results.cpu.find((c) => c.contender === 'http');
  const digests = results.cpu.find((c) => c.contender === 'ws-digests');
  if (ws !== undefined && http !== undefined) {
    lines.push(
      '| Steps | History | @ai-sdk/openai over HTTP | of which GC pauses | wsOpenAI, within chainAffinityMs | of which GC pauses | / HTTP | wsOpenAI, after chainAffinityMs (digests) | / HTTP |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    ws.windows.forEach((window, i) => {
      const reference = http.windows[i];
      if (reference === undefined) return;
      const late = digests?.windows[i];
      lines.push(
        `| ${window.fromStep}–${window.toStep} | ${kib(window.historyBytes)} | ${us(reference.micros)} | ${gc(reference.gcMicros)} | ${us(window.micros)} | ${gc(window.gcMicros)} | ${x(window.micros / reference.micros)} | ` +
          `${late === undefined ? '—' : us(late.micros)} | ${late === undefined ? '—' : x(late.micros / reference.micros)} |`,
      );
    });
    lines.push('');
  }
  lines.push(
    "Where wsOpenAI's send path spends it now (`bench/micro-breakdown.ts`: each piece alone, best of several runs, on the real body `@ai-sdk/openai` builds at that step). " +
      'The body is neither serialised nor parsed in the loop any more: the transport is handed the object `@ai-sdk/openai` built and the model posts a stand-in (`src/capture-request-body.ts`); ' +
      "the serialisation and the parse this spares are shown in italics, for reference. The first history comparison (`canContinue`, choosing the socket) compares against a chain holding the previous step's built items, " +
      'as a socket does within `chainAffinityMs` of its last response; `planRequest` right after reuses it (memoised per chain). Past that window the socket holds one digest per item, and the next request digests its own items once to compare (last column but one).',
  );
  lines.push('');
  lines.push(
    '| Step | Body | Items | @ai-sdk/openai builds the body | *`JSON.stringify` of the body (spared)* | capture (built object + `stream`) | *`JSON.parse` of the body (no longer run)* | `canContinue` (compares) | `planRequest` (reuses) | `canContinue` on digests (idle socket) | frame `JSON.stringify` |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of results.breakdown) {
    lines.push(
      `| ${row.step} | ${kib(row.bodyBytes)} | ${row.inputItems} | ${us(row.buildBodyMicros)} | *${us(row.serialiseBodyMicros)}* | ${us(row.captureMicros)} | *${us(row.parseBodyMicros)}* | ${us(row.canContinueMicros)} | ${us(row.planRequestMicros)} | ${row.step === 1 ? '—' : us(row.canContinueDigestsMicros)} | ${us(row.stringifyFrameMicros)} |`,
    );
  }
  lines.push('');
  return lines;
}
