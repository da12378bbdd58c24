/**
 * Targets for what the client spends against HTTP ("cheaper per token and per step"): streaming events/s and
 * CPU per event, CPU per step at a long history (within and after `chainAffinityMs`), the memory a socket
 * keeps to continue, and the sensitivity table's range.
 */
import { pairedRatio } from '../micro-streaming';
import type { BenchResults, Target } from './bench-results';
import { count, gc, kib, pct, us, x } from './format';

export function clientCostTargets(results: BenchResults): Target[] {
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
