/** bench/results/chart.svg: end-to-end time and client → server bytes against steps, hand-written SVG. */
import type { ContenderId } from './contenders';
import { type BenchResults, contender } from './report/bench-results';

const COLORS: Record<ContenderId | 'ideal', string> = {
  http: '#d62728',
  shim: '#ff7f0e',
  'ws-full': '#1f77b4',
  'ws-incremental': '#2ca02c',
  ideal: '#555555',
};
const LABELS: Record<ContenderId | 'ideal', string> = {
  http: 'HTTP',
  shim: 'websocket-fetch',
  'ws-full': 'wsOpenAI incremental: false',
  'ws-incremental': 'wsOpenAI (incremental)',
  ideal: 'ideal / minimum',
};
const IDS: ContenderId[] = ['http', 'shim', 'ws-full', 'ws-incremental'];
/** Later series are drawn over earlier ones; shrinking markers keep coinciding points visible as rings. */
const MARKER: Record<ContenderId, number> = { http: 7.5, shim: 6, 'ws-full': 4.5, 'ws-incremental': 3.5 };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const f = (n: number) => n.toFixed(1);

interface Panel {
  x: number;
  y: number;
  width: number;
  height: number;
}

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function renderChart(results: BenchResults): string {
  const sweep = results.stepsSweep;
  const steps = sweep.map((scenario) => scenario.steps);
  const width = 1000;
  const height = 470;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
      escapeXml(`agent-N, round trip ${results.main.rttMs} ms: median of repetitions (bars: min–max)`) +
      '</text>',
  );

  const left: Panel = { x: 80, y: 60, width: 370, height: 300 };
  const right: Panel = { x: 590, y: 60, width: 370, height: 300 };
  const maxStep = Math.max(...steps);
  const xOf = (panel: Panel, step: number) => panel.x + (step / maxStep) * panel.width;

  // Left panel: end-to-end seconds, linear.
  const maxSeconds = Math.max(...sweep.flatMap((sc) => sc.contenders.map((c) => c.endToEndMs.max / 1000)));
  const timeStep = niceStep(maxSeconds, 5);
  const timeTop = Math.ceil(maxSeconds / timeStep) * timeStep;
  const yTime = (seconds: number) => left.y + left.height - (seconds / timeTop) * left.height;
  axes(out, left, 'steps', 'end to end (s)', steps, xOf);
  for (let t = 0; t <= timeTop + 1e-9; t += timeStep) {
    const y = yTime(t);
    out.push(`<line x1="${left.x}" y1="${f(y)}" x2="${left.x + left.width}" y2="${f(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left.x - 8}" y="${f(y + 4)}" text-anchor="end">${Number(t.toFixed(2))}</text>`);
  }
  series(
    out,
    steps.map((step, i) => [xOf(left, step), yTime(sweep[i]!.idealMs / 1000)]),
    COLORS.ideal,
    true,
  );
  for (const id of IDS) {
    const points = sweep.map((sc, i): [number, number] => [
      xOf(left, steps[i]!),
      yTime(contender(sc, id).endToEndMs.median / 1000),
    ]);
    for (const [i, sc] of sweep.entries()) {
      const c = contender(sc, id);
      const px = xOf(left, steps[i]!);
      out.push(
        `<line x1="${f(px)}" y1="${f(yTime(c.endToEndMs.min / 1000))}" x2="${f(px)}" y2="${f(yTime(c.endToEndMs.max / 1000))}" stroke="${COLORS[id]}" stroke-width="1.5"/>`,
      );
    }
    series(out, points, COLORS[id], false, MARKER[id]);
  }
  out.push(
    `<text x="${left.x + left.width / 2}" y="${left.y - 12}" text-anchor="middle" font-weight="bold">End-to-end time</text>`,
  );

  // Right panel: bytes, log scale.
  const allBytes = sweep.flatMap((sc) => [sc.minimalBytes, ...sc.contenders.map((c) => c.bytes.total)]);
  const lowExp = Math.floor(Math.log10(Math.min(...allBytes)));
  const highExp = Math.ceil(Math.log10(Math.max(...allBytes)));
  const yBytes = (bytes: number) =>
    right.y + right.height - ((Math.log10(bytes) - lowExp) / (highExp - lowExp)) * right.height;
  axes(out, right, 'steps', 'bytes sent (log scale)', steps, xOf);
  for (let e = lowExp; e <= highExp; e++) {
    const y = yBytes(10 ** e);
    out.push(
      `<line x1="${right.x}" y1="${f(y)}" x2="${right.x + right.width}" y2="${f(y)}" stroke="#d5d5d5"/>`,
    );
    out.push(`<text x="${right.x - 8}" y="${f(y + 4)}" text-anchor="end">${byteLabel(10 ** e)}</text>`);
    if (e < highExp) {
      for (const m of [2, 5]) {
        const ym = yBytes(m * 10 ** e);
        out.push(
          `<line x1="${right.x}" y1="${f(ym)}" x2="${right.x + right.width}" y2="${f(ym)}" stroke="#f0f0f0"/>`,
        );
      }
    }
  }
  series(
    out,
    steps.map((step, i) => [xOf(right, step), yBytes(sweep[i]!.minimalBytes)]),
    COLORS.ideal,
    true,
  );
  for (const id of IDS) {
    series(
      out,
      sweep.map((sc, i): [number, number] => [xOf(right, steps[i]!), yBytes(contender(sc, id).bytes.total)]),
      COLORS[id],
      false,
      MARKER[id],
    );
  }
  out.push(
    `<text x="${right.x + 8}" y="${right.y + 14}" fill="#666" font-size="11">` +
      'HTTP, websocket-fetch and incremental: false send the same bytes</text>',
  );
  out.push(
    `<text x="${right.x + right.width / 2}" y="${right.y - 12}" text-anchor="middle" font-weight="bold">Bytes sent per conversation</text>`,
  );

  // Legend.
  const legendY = 425;
  const entries: Array<ContenderId | 'ideal'> = [...IDS, 'ideal'];
  const widths = entries.map((id) => 56 + LABELS[id].length * 6.8);
  let lx = (width - widths.reduce((a, b) => a + b, 0)) / 2;
  for (const [i, id] of entries.entries()) {
    if (i > 0) lx += widths[i - 1]!;
    out.push(
      `<line x1="${lx}" y1="${legendY}" x2="${lx + 26}" y2="${legendY}" stroke="${COLORS[id]}" stroke-width="2.5"${id === 'ideal' ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    if (id !== 'ideal') out.push(`<circle cx="${lx + 13}" cy="${legendY}" r="3.5" fill="${COLORS[id]}"/>`);
    out.push(`<text x="${lx + 32}" y="${legendY + 4}">${escapeXml(LABELS[id])}</text>`);
  }
  const m = results.meta;
  out.push(
    `<text x="${width / 2}" y="${height - 14}" text-anchor="middle" fill="#666" font-size="11">` +
      escapeXml(
        `${m.machine.nproc} × ${m.machine.cpuModel}, Node ${m.machine.node}; emulator: 1,000 tokens/s, server cost on; ${m.date.slice(0, 10)}`,
      ) +
      '</text>',
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function byteLabel(bytes: number): string {
  if (bytes >= 1e6) return `${bytes / 1e6} MB`;
  if (bytes >= 1e3) return `${bytes / 1e3} kB`;
  return `${bytes} B`;
}

function axes(
  out: string[],
  panel: Panel,
  xLabel: string,
  yLabel: string,
  steps: number[],
  xOf: (panel: Panel, step: number) => number,
) {
  const bottom = panel.y + panel.height;
  out.push(
    `<line x1="${panel.x}" y1="${bottom}" x2="${panel.x + panel.width}" y2="${bottom}" stroke="#333"/>`,
  );
  out.push(`<line x1="${panel.x}" y1="${panel.y}" x2="${panel.x}" y2="${bottom}" stroke="#333"/>`);
  for (const step of steps) {
    const x = xOf(panel, step);
    out.push(`<line x1="${f(x)}" y1="${bottom}" x2="${f(x)}" y2="${bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${f(x)}" y="${bottom + 18}" text-anchor="middle">${step}</text>`);
  }
  out.push(
    `<text x="${panel.x + panel.width / 2}" y="${bottom + 36}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
  );
  const cy = panel.y + panel.height / 2;
  out.push(
    `<text x="${panel.x - 56}" y="${cy}" text-anchor="middle" transform="rotate(-90 ${panel.x - 56} ${cy})">${escapeXml(yLabel)}</text>`,
  );
}

function series(
  out: string[],
  points: Array<[number, number]>,
  color: string,
  dashed: boolean,
  radius = 3.5,
) {
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(x)},${f(y)}`).join(' ');
  out.push(
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="${dashed ? 2 : 2.5}"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
  );
  if (!dashed) {
    for (const [x, y] of points) {
      out.push(
        `<circle cx="${f(x)}" cy="${f(y)}" r="${radius}" fill="${color}" stroke="#ffffff" stroke-width="1"/>`,
      );
    }
  }
}
