/** The demo's step table, its legend, and the closing line on bytes saved. */

export interface StepRow {
  step: number;
  /** `'websocket'`, or `'http'` (a model over HTTP, or the provider's HTTP fallback). */
  transport: string;
  continued: boolean;
  itemsSent: number;
  itemsTotal: number;
  bytesSent: number;
  /** What `@ai-sdk/openai` over HTTP sends for the same step: the full history. */
  httpBytes: number;
  firstByteMs: number | undefined;
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;
const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n).toLocaleString('en-US')} ms`);

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(header: string[], rows: string[][], leftAligned = 1): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column < leftAligned ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('   ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

export function printStepTable(rows: StepRow[]): void {
  const header = ['step', 'sent as', 'items sent', 'bytes sent', 'first byte', 'HTTP would send'];
  const cells = rows.map((row) => [
    String(row.step),
    row.transport === 'http' ? 'full (HTTP)' : row.continued ? 'continued' : 'full',
    `${row.itemsSent} of ${row.itemsTotal}`,
    bytes(row.bytesSent),
    ms(row.firstByteMs),
    bytes(row.httpBytes),
  ]);
  console.log(formatTable(header, cells, 2));
  const legend: Array<[string, string]> = [
    ['full', 'the whole conversation went out: system prompt, task, every earlier tool call and result'],
    ['continued', 'only the items new since the previous response (the tool results) went out, with'],
    ['', 'previous_response_id: the server continued from the response it holds for this socket'],
    ['items sent', 'input items in this request, of all the items in the conversation so far'],
    ['bytes sent', 'size of the response.create message on the socket'],
    ['first byte', "from sending the request to the response's first event; step 1 also opens the socket"],
    ['', "and runs the process's code cold (see --compare for warm numbers)"],
    ['HTTP would send', 'the JSON body @ai-sdk/openai over HTTP builds for the same step: the full history'],
  ];
  console.log(`\n${legend.map(([term, meaning]) => `  ${term.padEnd(17)}${meaning}`).join('\n')}`);
}

export function printSavings(rows: StepRow[]): void {
  const sent = rows.reduce((total, row) => total + row.bytesSent, 0);
  const http = rows.reduce((total, row) => total + row.httpBytes, 0);
  const saved = http - sent;
  const share = http > 0 ? Math.round((saved / http) * 100) : 0;
  console.log(
    `\nSaving: over one WebSocket these ${rows.length} steps sent ${bytes(sent)}; @ai-sdk/openai over HTTP would ` +
      `have sent ${bytes(http)}.\n        That is ${bytes(saved)} (${share}%) less, and the gap grows with every ` +
      'step, since HTTP re-sends the history.',
  );
}
