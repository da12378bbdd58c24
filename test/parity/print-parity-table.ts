import { readFileSync } from 'node:fs';

/**
 * Prints the parity table from a `PARITY_REPORT` file:
 *   PARITY_REPORT=/tmp/parity.jsonl npx vitest run test/parity
 *   node --import tsx test/parity/print-parity-table.ts /tmp/parity.jsonl
 * Each row: what the app saw over each transport (requests the server received, their outcomes, and the
 * error if any), and whether the two observations were equal.
 */
const file = process.argv[2] ?? process.env.PARITY_REPORT;
if (file === undefined) throw new Error('usage: print-parity-table.ts FILE');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map(
    (line) => JSON.parse(line) as { name: string; http: string; ws: string; same: boolean; note?: string },
  );
console.log('| scenario | HTTP | WebSocket | same? |');
console.log('| --- | --- | --- | --- |');
for (const row of rows.sort((a, b) => a.name.localeCompare(b.name))) {
  console.log(
    `| ${row.name} | ${row.http} | ${row.ws} | ${row.same ? 'yes' : `no${row.note ? ` (${row.note})` : ''}`} |`,
  );
}
