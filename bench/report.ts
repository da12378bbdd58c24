/** bench/RESULTS.md, the console summary and the target verdicts, all from one results object. */
import { CONTENDER_LABELS, type ContenderId } from './contenders';
import type { BreakdownRow } from './micro-breakdown';
import type { CpuSummary } from './micro-cpu';
import { CPU_CONTENDER_LABELS } from './micro-cpu';
import type { MappingResult } from './micro-mapping';
import type { MemorySummary } from './micro-memory';
import { pairedRatio, type StreamingSummary } from './micro-streaming';
import type { ContenderSummary, ScenarioResult } from './scenario-run';
import type { SensitivityResult } from './sensitivity';

export interface Target {
  readonly id: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** Margin to the goal, in the goal's own unit ("+12 points", "0.4× short", …). */
  readonly margin: string;
  readonly why: string;
}

export interface BenchResults {
  meta: {
    mode: 'quick' | 'full';
    date: string;
    machine: { nproc: number; cpuModel: string; node: string; platform: string; totalMemoryGiB: number };
    durationSeconds: number;
    /** `os.loadavg()` (1, 5, 15 min) when the run started and ended: other work on the machine. */
    loadAverage?: { start: number[]; end: number[] };
    settings: Record<string, unknown>;
  };
  main: ScenarioResult;
  stepsSweep: ScenarioResult[];
  rttSweep: ScenarioResult[];
  cpu: CpuSummary[];
  breakdown: BreakdownRow[];
  mapping: MappingResult[];
  streaming: StreamingSummary[];
  memory: MemorySummary[];
  sensitivity: SensitivityResult;
  targets: Target[];
}

/** Published end-to-end data points for WebSocket mode, beside the sensitivity table. */
export const PUBLISHED_POINTS = [
  {
    source: "OpenAI's alpha demo (a coding agent, WebSocket mode vs HTTP)",
    detail: '20.2 s → 14.3 s',
    speedup: 20.2 / 14.3,
  },
  {
    source:
      'OpenAI\'s WebSocket mode guide: "for rollouts with 20+ tool calls, we have seen up to roughly 40% faster end-to-end execution"',
    detail: 'read as speed; 40% less time would be 1.67×',
    speedup: 1.4,
  },
  {
    source:
      "xAI's WebSocket mode docs: up to ~20% lower end-to-end latency than repeated HTTP requests that already chain with previous_response_id",
    detail: '20% less time; a different baseline, HTTP there does not re-send the history',
    speedup: 1 / 0.8,
  },
] as const;

export function contender(scenario: ScenarioResult, id: ContenderId): ContenderSummary {
  return scenario.contenders.find((c) => c.contender === id)!;
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const s = (value: number) => `${(value / 1000).toFixed(2)} s`;
const kib = (value: number) =>
  value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MiB` : `${(value / 1024).toFixed(1)} KiB`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const x = (value: number) => `${value.toFixed(2)}×`;
const us = (value: number) => `${Math.round(value).toLocaleString('en-US')} µs`;
const mib = (value: number) => `${(value / 2 ** 20).toFixed(1)} MiB`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const load = (values: readonly number[] | undefined) =>
  values === undefined ? '—' : values.map((value) => value.toFixed(2)).join(' / ');

/** "faster by" = 1 − t / t_reference. */
/** A GC figure from a run that recorded it (runs before this column have none). */
const gc = (micros: number | undefined) => (micros === undefined ? '—' : us(micros));

function fasterBy(t: number, reference: number): number {
  return 1 - t / reference;
}

export function evaluateTargets(results: BenchResults): Target[] {
  const { main } = results;
  const ws = contender(main, 'ws-incremental');
  const http = contender(main, 'http');
  const shim = contender(main, 'shim');
  const full = contender(main, 'ws-full');
  const targets: Target[] = [];
  const cost = results.meta.settings.serverCost as { perRequestMs: number; perUncachedInputByteMs: number };
  const SERVER_COST_PER_REQUEST_MS = cost.perRequestMs;
  const SERVER_COST_NOTE = `${cost.perRequestMs} ms per request + ${cost.perUncachedInputByteMs * 1000} ms per uncached kB`;

  // 1. Bytes.
  const overMinimal = ws.bytes.overMinimal;
  const extraPerStep = (ws.bytes.total - main.minimalBytes) / main.steps;
  targets.push({
    id: 'bytes',
    goal: `client → server bytes ≤ 1.05× the minimum on ${main.name}`,
    measured: `${x(overMinimal)} (${kib(ws.bytes.total)} vs minimum ${kib(main.minimalBytes)}; HTTP ${x(http.bytes.overMinimal)})`,
    met: overMinimal <= 1.05,
    margin: `${((1.05 - overMinimal) * 100).toFixed(1)} points ${overMinimal <= 1.05 ? 'under' : 'over'} the 1.05× limit`,
    why:
      overMinimal <= 1.05
        ? `Every step after the first continues the socket's chain (${ws.continuedSteps}/${main.steps - 1} continued, ` +
          `${ws.cacheHits} cache hits at the emulator) and sends only the new tool output; the remaining ` +
          `${Math.round(extraPerStep)} B per step over the minimum are the \`stream\`-free frame's own fields.`
        : `${ws.continuedSteps}/${main.steps - 1} steps continued; ${Math.round(extraPerStep)} B per step above the minimum.`,
  });

  // 2. End to end against HTTP and the shim.
  const vsHttp = fasterBy(ws.endToEndMs.median, http.endToEndMs.median);
  const vsShim = fasterBy(ws.endToEndMs.median, shim.endToEndMs.median);
  const modelShare = main.modelMs / http.endToEndMs.median;
  targets.push({
    id: 'vs-http',
    goal: `end to end ≥ 40% faster than @ai-sdk/openai over HTTP on ${main.name}`,
    measured: `${pct(vsHttp)} faster (${s(ws.endToEndMs.median)} vs ${s(http.endToEndMs.median)})`,
    met: vsHttp >= 0.4,
    margin: `${((vsHttp - 0.4) * 100).toFixed(1)} points ${vsHttp >= 0.4 ? 'above' : 'below'} the goal`,
    why:
      `Model time alone (time to first token + 1,000 tokens/s) is ${s(main.modelMs)} of HTTP's ${s(http.endToEndMs.median)} ` +
      `(${pct(modelShare)}), and both pay one round trip per step; the only time WebSocket mode can remove is ` +
      `HTTP's per-request server work on the re-sent history (${SERVER_COST_NOTE}), its request setup, and the ` +
      `client's own serialisation. The ceiling is 1 − ideal/HTTP = ${pct(fasterBy(main.idealMs, http.endToEndMs.median))}.`,
  });
  targets.push({
    id: 'vs-shim',
    goal: `end to end ≥ 20% faster than @ai-sdk/openai + websocket-fetch on ${main.name}`,
    measured: `${pct(vsShim)} faster (${s(ws.endToEndMs.median)} vs ${s(shim.endToEndMs.median)}); incremental: false is ${pct(fasterBy(full.endToEndMs.median, shim.endToEndMs.median))} faster than the shim`,
    met: vsShim >= 0.2,
    margin: `${((vsShim - 0.2) * 100).toFixed(1)} points ${vsShim >= 0.2 ? 'above' : 'below'} the goal`,
    why:
      `The shim already reuses one socket, so what is left is the full history it re-sends every step ` +
      `(${kib(shim.bytes.total)} vs ${kib(ws.bytes.total)}) and the server work that costs; the ceiling is ` +
      `1 − ideal/shim = ${pct(fasterBy(main.idealMs, shim.endToEndMs.median))}.`,
  });

  // 3. Ideal.
  const overIdeal = ws.endToEndMs.median / main.idealMs - 1;
  targets.push({
    id: 'ideal',
    goal: `end to end within 5% of the ideal (model time + one round trip per step) on ${main.name}`,
    measured: `${pct(overIdeal)} above the ideal (${s(ws.endToEndMs.median)} vs ${s(main.idealMs)})`,
    met: overIdeal <= 0.05,
    margin: `${((0.05 - overIdeal) * 100).toFixed(1)} points ${overIdeal <= 0.05 ? 'under' : 'over'} the 5% allowance`,
    why:
      `Per step the ideal has no server cost and no client work: the emulator's fixed ${SERVER_COST_NOTE} alone ` +
      `is ${ms(main.steps * SERVER_COST_PER_REQUEST_MS)} over ${main.steps} steps, the first step pays the ` +
      `upgrade (one extra round trip), and each step's tool result, prompt conversion and event mapping run on the client.`,
  });

  // 4. CPU per step.
  const cpuWs = results.cpu.find((c) => c.contender === 'ws-incremental');
  const cpuHttp = results.cpu.find((c) => c.contender === 'http');
  if (cpuWs !== undefined) {
    const last = results.breakdown.at(-1);
    targets.push({
      id: 'cpu',
      goal: 'provider CPU per step at the last step ≤ 2× step 1',
      measured:
        `${x(cpuWs.lastOverFirst)} (${us(cpuWs.lastWindowMicros)} at steps ${cpuWs.steps - 4}–${cpuWs.steps} vs ` +
        `${us(cpuWs.firstWindowMicros)} at steps 1–5, history ${kib(cpuWs.historyBytesAtLastStep)}); ` +
        `@ai-sdk/openai over HTTP ${cpuHttp === undefined ? '—' : x(cpuHttp.lastOverFirst)}`,
      met: cpuWs.lastOverFirst <= 2,
      margin: `${x(cpuWs.lastOverFirst / 2)} the allowed growth`,
      why:
        last === undefined
          ? 'see the breakdown table'
          : `What still grows is @ai-sdk/openai's own: at step ${last.step} (${kib(last.bodyBytes)} body) it converts the whole prompt ` +
            `and builds the body every step (${us(last.buildBodyMicros)}; it no longer serialises it, a ${us(last.serialiseBodyMicros)} saving), ` +
            `and the AI SDK does its own work on a longer prompt, the same over HTTP. The transport takes the built object (${us(last.captureMicros)}, ` +
            `instead of a ${us(last.parseBodyMicros)} \`JSON.parse\`) and compares the history with the chain once (${us(last.canContinueMicros)}; ` +
            `\`planRequest\` reuses it, ${us(last.planRequestMicros)}).`,
    });
  }

  // 5. Mapping throughput.
  const mapWs = results.mapping.find((m) => m.contender === 'ws-incremental');
  const mapHttp = results.mapping.find((m) => m.contender === 'http');
  if (mapWs !== undefined) {
    targets.push({
      id: 'mapping',
      goal: '≥ 100,000 events/s mapped',
      measured:
        `${Math.round(mapWs.eventsPerSecond).toLocaleString('en-US')} events/s through wsOpenAI; ` +
        `${mapHttp === undefined ? '—' : Math.round(mapHttp.eventsPerSecond).toLocaleString('en-US')} events/s through @ai-sdk/openai's own SSE mapping`,
      met: mapWs.eventsPerSecond >= 100_000,
      margin: `${x(mapWs.eventsPerSecond / 100_000)} the goal`,
      why:
        mapHttp === undefined
          ? ''
          : `@ai-sdk/openai's mapping alone tops out at ${Math.round(mapHttp.eventsPerSecond).toLocaleString('en-US')} events/s here ` +
            `(web-stream stages per event: TextDecoderStream, SSE parser, JSON parse + zod validation, mapping), so the goal is ` +
            `out of reach of any adapter that reuses it; the difference here is ${((1 / mapWs.eventsPerSecond - 1 / mapHttp.eventsPerSecond) * 1e6).toFixed(1)} µs per event ` +
            `(a scan of each frame for the names of terminal events, a timer refresh per event, re-encoding to SSE text, the adapter's metadata stream; ` +
            `the replay socket delivers a whole response in one task, so wsOpenAI's body is one chunk per replay while the reference gets one chunk per event — the streaming table below compares both over real sockets).`,
    });
  }
  targets.push(...issue13Targets(results));
  return targets;
}

/** The targets of issue 13 ("Cheaper per token and per step than HTTP"), restated from the issue. */
function issue13Targets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const stream = (id: string) => results.streaming.find((row) => row.contender === id);
  const sWs = stream('ws-incremental');
  const sHttp = stream('http');
  const ceiling = stream('ceiling');
  const prototype = stream('prototype');
  if (sWs !== undefined && sHttp !== undefined) {
    // What only a hand-written mapping could add: the prototype against HTTP, per repetition too.
    const beyond =
      prototype === undefined
        ? ''
        : ` A hand-written frame → part mapping (the prototype row: text deltas only, nothing validated; not shipped) reaches ` +
          `${pairedRatio(sHttp, prototype, (run) => run.wallMs).median.toFixed(2)}× HTTP's events/s at ` +
          `${pairedRatio(prototype, sHttp, (run) => run.cpuMicros).median.toFixed(2)}× its CPU per event: the 1.2× goal needs ` +
          `such a fast path in place of @ai-sdk/openai's mapping, which this package reuses by design, so it is proposed rather than shipped.`;
    // Same events on both sides: the events/s ratio is HTTP's wall time over wsOpenAI's, per repetition.
    const rate = pairedRatio(sHttp, sWs, (run) => run.wallMs);
    const ratio = rate.median;
    targets.push({
      id: 'streaming-rate',
      goal: `streaming through \`streamText\`: wsOpenAI events/s ≥ 1.0× HTTP's (goal 1.2×), ${count(sWs.tokens)} one-token deltas`,
      measured:
        `${ratio.toFixed(3)}× (median of ${sWs.repetitions} back-to-back pairs, range ${rate.min.toFixed(2)}–${rate.max.toFixed(2)}; ` +
        `medians ${count(sWs.eventsPerSecond)} vs ${count(sHttp.eventsPerSecond)} events/s` +
        `${ceiling === undefined ? '' : `; pre-built parts into streamText: ${count(ceiling.eventsPerSecond)}`})`,
      met: ratio >= 1,
      margin:
        ratio >= 1.2
          ? 'goal 1.2× met'
          : ratio >= 1
            ? `floor met, ${((1.2 - ratio) * 100).toFixed(1)} points short of the 1.2× goal`
            : `${((1 - ratio) * 100).toFixed(1)} points under the 1.0× floor; ${((1.2 - ratio) * 100).toFixed(1)} short of the goal`,
      why:
        `Both contenders share @ai-sdk/openai's SSE parsing, validation and mapping and the AI SDK's stream pipeline` +
        `${ceiling === undefined ? '' : ` (the ceiling row, ${us(ceiling.cpuMicrosPerEvent)} CPU per part, is that pipeline alone)`}; ` +
        `the socket's frames of one read reach it as one chunk, as HTTP's reads do. Wall time also depends on how fast ` +
        `the emulator (another process on the same ${results.meta.machine.nproc} cores) writes: CPU/wall is ` +
        `${sWs.cpuOverWall.toFixed(2)} for wsOpenAI and ${sHttp.cpuOverWall.toFixed(2)} for HTTP.${beyond}`,
    });
    const cpu = pairedRatio(sWs, sHttp, (run) => run.cpuMicros);
    const cpuRatio = cpu.median;
    targets.push({
      id: 'streaming-cpu',
      goal: 'streaming: wsOpenAI client CPU per event ≤ HTTP’s',
      measured:
        `${cpuRatio.toFixed(3)}× (median of ${sWs.repetitions} back-to-back pairs, range ${cpu.min.toFixed(2)}–${cpu.max.toFixed(2)}; ` +
        `medians ${sWs.cpuMicrosPerEvent.toFixed(2)} µs vs ${sHttp.cpuMicrosPerEvent.toFixed(2)} µs per event)`,
      met: cpuRatio <= 1,
      margin: `${(Math.abs(1 - cpuRatio) * 100).toFixed(1)} points ${cpuRatio <= 1 ? 'under' : 'over'} HTTP's`,
      why: 'process.cpuUsage() of the client process (user + system) from streamText to the end of textStream, per server event.',
    });
  }

  const cpuWs = results.cpu.find((c) => c.contender === 'ws-incremental');
  const cpuHttp = results.cpu.find((c) => c.contender === 'http');
  if (cpuWs !== undefined && cpuHttp !== undefined) {
    const ratio = cpuWs.lastWindowMicros / cpuHttp.lastWindowMicros;
    const last = results.breakdown.at(-1);
    targets.push({
      id: 'cpu-vs-http',
      goal: `client CPU per step at ~1 MB of history ≤ 0.7× HTTP's`,
      measured:
        `${x(ratio)} (${us(cpuWs.lastWindowMicros)} vs ${us(cpuHttp.lastWindowMicros)} at steps ${cpuWs.steps - 4}–${cpuWs.steps}, ` +
        `history ${kib(cpuWs.historyBytesAtLastStep)})`,
      met: ratio <= 0.7,
      margin: `${((0.7 - ratio) * 100).toFixed(0)} points ${ratio <= 0.7 ? 'under' : 'over'} the 0.7× limit`,
      why:
        `Both run @ai-sdk/openai's prompt conversion on the whole history every step; HTTP then serialises the whole body` +
        `${last === undefined ? '' : ` (${us(last.serialiseBodyMicros)} at step ${last.step})`} and posts it through fetch, while the model behind ` +
        `wsOpenAI posts a stand-in and the transport sends only the new items from the object it built (src/capture-request-body.ts). ` +
        `The transport's own part (capture, one comparison, the frame) is well under 0.1 ms; the rest of the step is receiving, mapping and garbage collection, the same on both.`,
    });
    targets.push({
      id: 'cpu-growth',
      goal: `client CPU per step: step ${cpuWs.steps} ≤ 1.5× step 1 (5-step windows)`,
      measured: `${x(cpuWs.lastOverFirst)} (${us(cpuWs.lastWindowMicros)} vs ${us(cpuWs.firstWindowMicros)}); HTTP ${x(cpuHttp.lastOverFirst)}`,
      met: cpuWs.lastOverFirst <= 1.5,
      margin: `${x(cpuWs.lastOverFirst / 1.5)} the allowed growth`,
      why: (() => {
        const windows = cpuWs.windows
          .map((w) => `${us(w.micros)} at steps ${w.fromStep}–${w.toStep}`)
          .join(', ');
        return (
          `What the send path does in proportion to the history is small now` +
          `${last === undefined ? '' : ` (at step ${last.step}: @ai-sdk/openai builds the body in ${us(last.buildBodyMicros)}, no longer serialising it; the transport compares the history in ${us(last.canContinueMicros)})`}, ` +
          `and the windows do not grow in proportion to the history (${windows}); the main thread's GC pauses are ` +
          `${cpuWs.windows.map((w) => gc(w.gcMicros)).join(', ')} per step in the same windows. The rest (receiving and mapping the response, ` +
          `V8's background threads, which process.cpuUsage() counts) this benchmark does not break down. HTTP grows ${x(cpuHttp.lastOverFirst)} in the same run.`
        );
      })(),
    });
    const late = results.cpu.find((c) => c.contender === 'ws-digests');
    if (late !== undefined) {
      const lateRatio = late.lastWindowMicros / cpuHttp.lastWindowMicros;
      const why =
        `Each step comes later than chainAffinityMs after the previous response (as after a tool that runs longer than 1 s, the default), ` +
        `so the socket keeps one SHA-256 digest per item instead of the items, and the step serialises and digests its whole history to compare` +
        `${last === undefined ? '' : ` (${us(last.canContinueDigestsMicros)} at step ${last.step}, the breakdown's digest column)`}: ` +
        `the price of keeping no history alive once the caller may have let it go (the memory target). That cost grows with the history; ` +
        `an app whose tools are slower can raise chainAffinityMs to keep comparing by reference, at the price of holding a dropped history (and the socket) that much longer.`;
      targets.push({
        id: 'cpu-vs-http-digests',
        goal: `client CPU per step at ~1 MB of history ≤ 0.7× HTTP's, steps after chainAffinityMs (digests)`,
        measured: `${x(lateRatio)} (${us(late.lastWindowMicros)} vs ${us(cpuHttp.lastWindowMicros)} at steps ${late.steps - 4}–${late.steps})`,
        met: lateRatio <= 0.7,
        margin: `${(Math.abs(0.7 - lateRatio) * 100).toFixed(0)} points ${lateRatio <= 0.7 ? 'under' : 'over'} the 0.7× limit`,
        why,
      });
      targets.push({
        id: 'cpu-growth-digests',
        goal: `client CPU per step: step ${late.steps} ≤ 1.5× step 1, steps after chainAffinityMs (digests)`,
        measured: `${x(late.lastOverFirst)} (${us(late.lastWindowMicros)} vs ${us(late.firstWindowMicros)}); HTTP ${x(cpuHttp.lastOverFirst)}`,
        met: late.lastOverFirst <= 1.5,
        margin: `${x(late.lastOverFirst / 1.5)} the allowed growth`,
        why,
      });
    }
  }

  const biggest = Math.max(0, ...results.memory.map((m) => m.historyBytes));
  const memWs = results.memory.find((m) => m.contender === 'ws-incremental' && m.historyBytes === biggest);
  const memHttp = results.memory.find((m) => m.contender === 'http' && m.historyBytes === biggest);
  if (memWs !== undefined && memHttp !== undefined) {
    const inUse = memWs.heldPerConversation - memHttp.heldPerConversation;
    const withinWindow = memWs.droppedPerConversation - memHttp.droppedPerConversation;
    const idle = memWs.idlePerConversation - memHttp.idlePerConversation;
    targets.push({
      id: 'memory',
      goal: `memory a socket keeps to continue is bounded and small (${memWs.conversations} conversations × ${kib(biggest)} of history; small read here as ≤ 10% of the history over HTTP's, in use and once the socket is idle)`,
      measured:
        `while callers hold their conversations: ${kib(inUse)} per conversation more than HTTP (${pct(inUse / biggest)} of the history); ` +
        `callers let go, sockets idle past chainAffinityMs (1 s): ${kib(idle)} per socket more than HTTP (${pct(idle / biggest)}); ` +
        `within that second: ${kib(withinWindow)} (${pct(withinWindow / biggest)})`,
      met: idle <= 0.1 * biggest && inUse <= 0.1 * biggest,
      margin: `in use ${pct(inUse / biggest)}, idle ${pct(idle / biggest)} of the history, against 10%`,
      why:
        `While a conversation's next step is expected (chainAffinityMs after a response, default 1 s), its socket's chain holds references ` +
        `to @ai-sdk/openai's own items and strings, so the next step compares mostly by reference and the socket adds only item shells, ` +
        `the re-serialised tool-call arguments and its buffers. After that window the socket keeps one SHA-256 digest per item ` +
        `(src/continuation/item-digest.ts) and the history goes with the caller; a later step digests its items once to compare. ` +
        `Within the window the history a caller dropped stays alive: at most maxConnections (default 16) histories per provider, for a second.`,
    });
  }

  if (results.sensitivity.cells.length > 0) {
    const cells = results.sensitivity.cells;
    const lo = cells.reduce((a, b) => (a.speedup <= b.speedup ? a : b));
    const hi = cells.reduce((a, b) => (a.speedup >= b.speedup ? a : b));
    targets.push({
      id: 'sensitivity',
      goal: 'end-to-end sensitivity table over server cost per KiB × tool output size, with published data points',
      measured:
        `wsOpenAI ${x(lo.speedup)} (${lo.costPerKiBMs} ms/KiB, ${kib(lo.toolOutputBytes)}) to ${x(hi.speedup)} ` +
        `(${hi.costPerKiBMs} ms/KiB, ${kib(hi.toolOutputBytes)}) of HTTP's speed, ${cells.length} cells`,
      met: true,
      margin: 'reported',
      why: 'See the sensitivity section: the gain is set by the server cost model, not by the client.',
    });
  }
  return targets;
}

function scenarioTable(scenario: ScenarioResult): string[] {
  const lines = [
    `| Contender | End to end, median (min–max) | vs HTTP | vs shim | vs ideal | TTFB median / p90 | TTFB steps 2+ median / p90 | Bytes total | Bytes / step | × minimum | Upgrades / connections |`,
    `|---|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const c of scenario.contenders) {
    lines.push(
      `| ${c.label} | ${s(c.endToEndMs.median)} (${s(c.endToEndMs.min)}–${s(c.endToEndMs.max)}) | ${x(c.vsHttp)} | ${x(c.vsShim)} | ${x(c.vsIdeal)} | ` +
        `${ms(c.ttfbMs.all.median)} / ${ms(c.ttfbMs.all.p90)} | ${ms(c.ttfbMs.afterFirst.median)} / ${ms(c.ttfbMs.afterFirst.p90)} | ` +
        `${kib(c.bytes.total)} | ${kib(c.bytes.perStep)} | ${x(c.bytes.overMinimal)} | ${c.handshakes.upgrades} / ${c.handshakes.connections} |`,
    );
  }
  lines.push(
    `| *ideal / minimum* | ${s(scenario.idealMs)} | | | 1.00× | | | ${kib(scenario.minimalBytes)} | ${kib(scenario.minimalBytes / scenario.steps)} | 1.00× | |`,
  );
  return lines;
}

function sweepTable(sweep: ScenarioResult[], key: 'steps' | 'rttMs'): string[] {
  const ids: ContenderId[] = ['http', 'shim', 'ws-full', 'ws-incremental'];
  const head = key === 'steps' ? 'Steps' : 'Round trip';
  const lines = [
    `| ${head} | ideal | ${ids.map((id) => CONTENDER_LABELS[id]).join(' | ')} | ws incremental vs HTTP / vs shim | bytes: HTTP / shim / ws-full / ws incremental (minimum) |`,
    `|---|---|${ids.map(() => '---').join('|')}|---|---|`,
  ];
  for (const scenario of sweep) {
    const ws = contender(scenario, 'ws-incremental');
    lines.push(
      `| ${key === 'steps' ? scenario.steps : `${scenario.rttMs} ms`} | ${s(scenario.idealMs)} | ` +
        ids
          .map((id) => {
            const c = contender(scenario, id);
            return `${s(c.endToEndMs.median)} (${s(c.endToEndMs.min)}–${s(c.endToEndMs.max)})`;
          })
          .join(' | ') +
        ` | −${pct(fasterBy(ws.endToEndMs.median, contender(scenario, 'http').endToEndMs.median))} / −${pct(fasterBy(ws.endToEndMs.median, contender(scenario, 'shim').endToEndMs.median))} | ` +
        `${ids.map((id) => kib(contender(scenario, id).bytes.total)).join(' / ')} (${kib(scenario.minimalBytes)}) |`,
    );
  }
  return lines;
}

export function renderResults(results: BenchResults): string {
  const { main, meta } = results;
  const settings = meta.settings as any;
  const lines: string[] = [];
  lines.push('# Benchmarks: side by side');
  lines.push('');
  lines.push(
    `Generated by \`npm run bench\` (\`node --import tsx bench/run.ts\`) on ${meta.date.slice(0, 10)} in ${meta.durationSeconds} s; ` +
      `raw figures in [results/latest.json](results/latest.json), chart in [results/chart.svg](results/chart.svg). ` +
      `\`npm run bench:quick\` is the CI smoke run (writes results/quick.json, not committed).`,
  );
  lines.push('');
  lines.push(
    `**Machine:** ${meta.machine.nproc} cores (\`nproc\`), ${meta.machine.cpuModel}, ${meta.machine.totalMemoryGiB} GiB, Node ${meta.machine.node}, ${meta.machine.platform}. ` +
      `**Load average** (1 / 5 / 15 min, \`uptime\`) at the start ${load(meta.loadAverage?.start)}, at the end ${load(meta.loadAverage?.end)}` +
      `${(meta.loadAverage?.start[0] ?? 0) >= 2.5 || (meta.loadAverage?.end[0] ?? 0) >= 2.5 ? ' — the machine was not quiet (it is shared with other work): wall-clock figures are noisier than the CPU figures, and ratios are of contenders run alternately in the same conditions.' : ' (quiet).'}`,
  );
  lines.push('');
  lines.push('## Setup');
  lines.push('');
  lines.push(
    '- **One emulator** (`src/testing`, in a child process so its CPU never runs on the measured event loop), **one scenario**, the four contenders run alternately (ABCD ABCD …), each conversation on a fresh provider instance:',
  );
  lines.push(
    '  1. `@ai-sdk/openai` over HTTP: `createOpenAI({ baseURL }).responses(id)`, global `fetch` (keep-alive).',
  );
  lines.push(
    '  2. `@ai-sdk/openai` + `@vercel/ai-sdk-openai-websocket-fetch` (`createWebSocketFetch({ url: emulator.wsURL })` as `fetch`): one reused socket, the full history every step.',
  );
  lines.push(
    '  3. `wsOpenAI` with `incremental: false`: the full input every step over one reused socket (isolates connection reuse).',
  );
  lines.push('  4. `wsOpenAI` (incremental, the default): the new items plus `previous_response_id`.');
  lines.push(
    `- **Scenario \`agent-N\`:** \`streamText\` with \`stopWhen: stepCountIs(N)\`; N model requests, the first N−1 end in a tool call, the last answers (the answer states how many tool outputs the server saw, and the run fails if it is wrong). ` +
      `System prompt ${settings.systemPromptBytes} B, 6 tools (${settings.toolDefinitionsBytes} B of definitions as sent), tool outputs ${settings.toolOutputBytes} B each, tool calls with ~300 B arguments (${main.outputTokensPerStep} output tokens per step as the emulator counts them). ` +
      '`store: false` for every contender (the same request bodies; no `item_reference`s).',
  );
  lines.push(
    `- **Emulator timing:** ${settings.modelTiming.outputTokensPerSecond} output tokens/s, ${settings.modelTiming.timeToFirstTokenMs} ms to first token; server cost ${settings.serverCost.perRequestMs} ms per request + ${settings.serverCost.perUncachedInputByteMs} ms per uncached input byte (${settings.serverCost.perUncachedInputByteMs * 1024} ms per KiB).`,
  );
  lines.push(
    '- **Round trip:** the emulator delays every server → client frame by the whole round trip (`latency.perFrameMs = RTT`; client → server is not delayed), so every request waits one RTT for its first event and the stream behind it is shifted, not slowed; a WebSocket upgrade costs one more RTT (`latency.handshakeMs = RTT`, a TCP handshake; TLS not modelled).',
  );
  lines.push(
    "- **Measured:** end to end = `streamText` start to the last step's end. TTFB per step = `doStream` called → first stream part from the server (after `stream-start`), pooled over all steps of all repetitions. Bytes = what the emulator received per request (WebSocket frame payload or HTTP body; HTTP headers and WebSocket framing not counted), the same for every contender. Handshakes = the emulator's `metrics.upgrades` / `metrics.connections`.",
  );
  lines.push(
    '- **Ideal** = Σ per step (time to first token + output tokens / rate) + one round trip per step: no server cost, no client work, no connection setup. **Minimum bytes** = Σ per request of one `response.create` frame holding every per-request field exactly as the client built it (model, tools, store, include, tool_choice, …), only the items the server has not seen (neither sent before nor produced by it) and, after the first request, `previous_response_id`.',
  );
  lines.push('');
  lines.push(`## ${main.name}, round trip ${main.rttMs} ms, ${main.repetitions} repetitions`);
  lines.push('');
  lines.push(...scenarioTable(main));
  lines.push('');
  lines.push('Ratios are of medians (end-to-end time: below 1 is faster). Bytes are client → server.');
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push('| Target | Measured | Verdict | Margin | Why |');
  lines.push('|---|---|---|---|---|');
  for (const target of results.targets) {
    lines.push(
      `| ${target.goal} | ${target.measured} | **${target.met ? 'met' : 'missed'}** | ${target.margin} | ${target.why} |`,
    );
  }
  lines.push('');
  lines.push('![End-to-end time and bytes against steps](results/chart.svg)');
  lines.push('');
  lines.push(`## Sweep: steps (round trip ${main.rttMs} ms)`);
  lines.push('');
  lines.push(...sweepTable(results.stepsSweep, 'steps'));
  lines.push('');
  lines.push(`## Sweep: round trip (${main.name})`);
  lines.push('');
  lines.push(...sweepTable(results.rttSweep, 'rttMs'));
  lines.push('');
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
  lines.push(...memorySection(results));
  lines.push('');
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
  lines.push(...streamingSection(results));
  lines.push(...sensitivitySection(results));
  lines.push('## Commands');
  lines.push('');
  lines.push('```sh');
  lines.push(
    'npm run bench          # full run, ~15 min on 2 cores: results/latest.json, results/chart.svg, RESULTS.md',
  );
  lines.push('npm run bench:quick    # CI smoke run, < 2 min: results/quick.json (gitignored)');
  lines.push('```');
  lines.push('');
  return `${lines.join('\n')}`;
}

function streamingSection(results: BenchResults): string[] {
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

function memorySection(results: BenchResults): string[] {
  if (results.memory.length === 0) return [];
  const first = results.memory[0]!;
  const lines = ['## Micro-benchmark: memory per conversation', ''];
  lines.push(
    `\`bench/memory-child.ts\`, one fresh process per contender and history size, run with \`--expose-gc\`: ${first.conversations} conversations held at once, ` +
      'each with its own history (tool calls and ~10 KB tool outputs, distinct strings), two steps each, all in flight together, so every wsOpenAI conversation has a socket ' +
      '(and a chain) of its own (`maxConnections` set to the number of conversations). A discarded conversation first pays the one-off costs (module set-up, undici). ' +
      '`heapUsed` + `external` after full collections: **in use** = after both steps, callers still holding their prompts, minus the prompts alone; ' +
      '**dropped, within 1 s** = callers dropped their prompts, provider and sockets still open, measured right away (within the default `chainAffinityMs` of 1 s after the last response), minus the start; ' +
      '**dropped, idle** = the same after 1.5 s more (sockets still open, within the idle timeout); **after close()** = left once the provider is closed.',
  );
  lines.push('');
  lines.push(
    '| History per conversation | Contender | WebSocket upgrades | in use, per conversation | dropped, within 1 s, per conversation | dropped, idle, per conversation | after close(), total | heap with prompts / in use / idle |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const m of results.memory) {
    lines.push(
      `| ${kib(m.historyBytes)} | ${CONTENDER_LABELS[m.contender]} | ${m.contender === 'http' ? '—' : m.openSockets} | ${kib(m.heldPerConversation)} | ${kib(m.droppedPerConversation)} | ${kib(m.idlePerConversation)} | ${kib(m.afterClose)} | ` +
        `${mib(m.prompts.heapUsed)} / ${mib(m.held.heapUsed)} / ${mib(m.idle.heapUsed)} |`,
    );
  }
  lines.push('');
  lines.push(
    "Reading: while a conversation is in use, a socket's chain costs little beyond HTTP, because it holds references to @ai-sdk/openai's own items and strings, not copies. " +
      "Within `chainAffinityMs` of a response (default 1 s, when the conversation's next step is expected) those references keep a dropped history alive; " +
      "after it the socket keeps one SHA-256 digest per item (`src/continuation/item-digest.ts`), and what is left per idle socket is the digests, the last response's output items and the socket itself.",
  );
  return lines;
}

function sensitivitySection(results: BenchResults): string[] {
  const sens = results.sensitivity;
  if (sens.cells.length === 0) return [];
  const settings = results.meta.settings as any;
  const costs = [...new Set(sens.cells.map((cell) => cell.costPerKiBMs))].sort((a, b) => a - b);
  const sizes = [...new Set(sens.cells.map((cell) => cell.toolOutputBytes))].sort((a, b) => a - b);
  const cell = (cost: number, size: number) =>
    sens.cells.find((c) => c.costPerKiBMs === cost && c.toolOutputBytes === size);
  const lines = ['## Sensitivity: end-to-end gain against the server cost model', ''];
  lines.push(
    `agent-${sens.steps}, round trip ${sens.rttMs} ms, @ai-sdk/openai over HTTP and wsOpenAI (incremental) alternately, ${sens.repetitions} repetition${sens.repetitions === 1 ? '' : 's'} per cell ` +
      `(the main table's repetitions spread by about 1%). Model timing as in the main run (${settings.modelTiming.outputTokensPerSecond} tokens/s, ${settings.modelTiming.timeToFirstTokenMs} ms to first token), ` +
      `${sens.perRequestMs} ms per request; what varies is the emulator's charge per KiB of input the server has not cached (HTTP re-sends the whole history, so it pays it on all of it every step) ` +
      'and the size of each tool output. Each cell: HTTP time / wsOpenAI time (1.41× = the published demo), with the seconds.',
  );
  lines.push('');
  lines.push(
    `| Server cost per KiB | ${sizes.map((size) => `${size / 1024} KB tool outputs`).join(' | ')} |`,
  );
  lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
  for (const cost of costs) {
    lines.push(
      `| ${cost} ms | ${sizes
        .map((size) => {
          const c = cell(cost, size);
          return c === undefined ? '—' : `**${x(c.speedup)}** (${s(c.httpMs)} → ${s(c.wsMs)})`;
        })
        .join(' | ')} |`,
    );
  }
  lines.push('');
  lines.push('Published data points, beside it:');
  lines.push('');
  for (const point of PUBLISHED_POINTS)
    lines.push(`- ${point.source}: ${x(point.speedup)} (${point.detail}).`);
  lines.push('');
  const defaultCost = settings.serverCost.perUncachedInputByteMs * 1024;
  const defaultSize = settings.toolOutputBytes as number;
  const nearest = [...sens.cells].sort(
    (a, b) =>
      Math.abs(a.costPerKiBMs - defaultCost) +
      Math.abs(Math.log2(a.toolOutputBytes / defaultSize)) -
      (Math.abs(b.costPerKiBMs - defaultCost) + Math.abs(Math.log2(b.toolOutputBytes / defaultSize))),
  )[0]!;
  const main = results.main;
  const mainSpeedup =
    contender(main, 'http').endToEndMs.median / contender(main, 'ws-incremental').endToEndMs.median;
  const reaching = sens.cells.filter((c) => c.speedup >= PUBLISHED_POINTS[0].speedup);
  lines.push(
    `**Reading:** the emulator's default (${defaultCost} ms per KiB, ${defaultSize / 1024} KB tool outputs) sits at ${x(nearest.speedup)} in the nearest cell ` +
      `(${nearest.costPerKiBMs} ms, ${nearest.toolOutputBytes / 1024} KB; the main table's ${main.name} gives ${x(mainSpeedup)}), ${nearest.speedup < PUBLISHED_POINTS[0].speedup ? 'below' : 'at or above'} the published 1.41×; ` +
      `${reaching.length === 0 ? 'no cell here reaches it' : `the table reaches it only at ${reaching.map((c) => `${c.costPerKiBMs} ms × ${c.toolOutputBytes / 1024} KB`).join(', ')}`}, ` +
      "and with the per-KiB charge off the contenders differ only by the fixed cost and the client, so the headline gain is a property of the cost model, not a measurement of OpenAI's servers.",
  );
  lines.push('');
  return lines;
}

export function summaryLines(results: BenchResults): string[] {
  const { main } = results;
  const lines = [
    `${main.name}, round trip ${main.rttMs} ms, ${main.repetitions} repetitions (ideal ${s(main.idealMs)}):`,
  ];
  for (const c of main.contenders) {
    lines.push(
      `  ${c.label.padEnd(34)} ${s(c.endToEndMs.median).padStart(8)}  vs HTTP ${x(c.vsHttp)}  vs shim ${x(c.vsShim)}  ` +
        `TTFB 2+ ${ms(c.ttfbMs.afterFirst.median).padStart(7)}  ${kib(c.bytes.total).padStart(10)} (${x(c.bytes.overMinimal)} min)  upgrades ${c.handshakes.upgrades}`,
    );
  }
  for (const scenario of [...results.stepsSweep, ...results.rttSweep]) {
    if (scenario === main) continue;
    const ws = contender(scenario, 'ws-incremental');
    lines.push(
      `  sweep ${scenario.name.padEnd(16)} steps ${String(scenario.steps).padStart(3)} rtt ${String(scenario.rttMs).padStart(3)} ms: ` +
        `ws ${s(ws.endToEndMs.median)} vs HTTP ${x(ws.vsHttp)} vs shim ${x(ws.vsShim)}`,
    );
  }
  for (const c of results.cpu) {
    lines.push(
      `  CPU/step ${c.contender.padEnd(15)} steps 1–5 ${us(c.firstWindowMicros)}, last 5 ${us(c.lastWindowMicros)} (${x(c.lastOverFirst)})`,
    );
  }
  for (const m of results.mapping) {
    lines.push(
      `  mapping ${m.contender.padEnd(15)} ${Math.round(m.eventsPerSecond).toLocaleString('en-US')} events/s`,
    );
  }
  for (const row of results.streaming) {
    lines.push(
      `  streaming ${row.contender.padEnd(15)} ${count(row.eventsPerSecond)} events/s, ${row.cpuMicrosPerEvent.toFixed(1)} µs CPU per event`,
    );
  }
  for (const m of results.memory) {
    lines.push(
      `  memory ${m.contender.padEnd(15)} ${m.conversations} × ${kib(m.historyBytes)}: in use ${kib(m.heldPerConversation)}/conversation, dropped ${kib(m.droppedPerConversation)}, idle ${kib(m.idlePerConversation)}`,
    );
  }
  for (const c of results.sensitivity.cells) {
    lines.push(
      `  sensitivity ${String(c.costPerKiBMs).padStart(4)} ms/KiB × ${String(c.toolOutputBytes).padStart(5)} B: ${x(c.speedup)} (HTTP ${s(c.httpMs)}, ws ${s(c.wsMs)})`,
    );
  }
  lines.push('targets:');
  for (const t of results.targets) lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.goal}: ${t.measured}`);
  return lines;
}
