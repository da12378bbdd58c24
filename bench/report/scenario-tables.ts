/** RESULTS.md tables of the agent scenario: one scenario's contenders, and a sweep over steps or round trip. */
import { CONTENDER_LABELS, type ContenderId } from '../contenders';
import type { ScenarioResult } from '../scenario-run';
import { contender } from './bench-results';
import { fasterBy, kib, ms, pct, s, x } from './format';

export function scenarioTable(scenario: ScenarioResult): string[] {
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

export function sweepTable(sweep: ScenarioResult[], key: 'steps' | 'rttMs'): string[] {
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
