/** The lines `npm run bench` prints at the end: each table's headline figures and every target's verdict. */
import { type BenchResults, contender } from './bench-results';
import { concurrencyRowLines } from './concurrency-lines';
import { count, kib, ms, s, us, x } from './format';

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
  for (const cell of results.concurrency?.cells ?? []) lines.push(...concurrencyRowLines(cell));
  lines.push('targets:');
  for (const t of results.targets) lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.goal}: ${t.measured}`);
  return lines;
}
