import type { ConformanceRow } from './run-rules';

const HEADER = { rule: 'rule', host: 'host', verdict: 'result', detail: 'detail' } as const;

/** The rows as a Markdown table (readable in a terminal, pasteable into an issue). */
export function formatTable(rows: readonly ConformanceRow[]): string {
  const widths = {
    rule: Math.max(HEADER.rule.length, ...rows.map((row) => row.rule.length)),
    host: Math.max(HEADER.host.length, ...rows.map((row) => row.host.length)),
    verdict: Math.max(HEADER.verdict.length, ...rows.map((row) => row.verdict.length)),
  };
  const line = (rule: string, host: string, verdict: string, detail: string) =>
    `| ${rule.padEnd(widths.rule)} | ${host.padEnd(widths.host)} | ${verdict.padEnd(widths.verdict)} | ${detail.replaceAll('|', '\\|')} |`;
  return [
    line(HEADER.rule, HEADER.host, HEADER.verdict, HEADER.detail),
    line('-'.repeat(widths.rule), '-'.repeat(widths.host), '-'.repeat(widths.verdict), '---'),
    ...rows.map((row) => line(row.rule, row.host, row.verdict, row.detail)),
  ].join('\n');
}

/** `14 held, 1 failed, 3 not supported, 1 skipped`: the counts that are not zero. */
export function summarize(rows: readonly ConformanceRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  return ['held', 'failed', 'not supported', 'skipped']
    .filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict)} ${verdict}`)
    .join(', ');
}
