import { connectHost, type HostSocket } from './host-socket';
import { type ConformanceHost, type ConformanceRule, failed, type RuleResult, type Verdict } from './rule';

export interface ConformanceRow {
  readonly rule: string;
  readonly host: string;
  readonly verdict: Verdict;
  readonly detail: string;
}

/** Runs one rule against a host; a throw is a failure, and every socket the rule opened is closed after it. */
export async function runRule(host: ConformanceHost, rule: ConformanceRule): Promise<ConformanceRow> {
  const sockets: HostSocket[] = [];
  let result: RuleResult;
  try {
    result = await rule.run({
      host,
      connect: async () => {
        const socket = await connectHost(host.wsURL, host.headers, host.deadlineMs);
        sockets.push(socket);
        return socket;
      },
      create: (fields) => ({ type: 'response.create', model: host.model, store: false, ...fields }),
    });
  } catch (error) {
    result = failed(error instanceof Error ? error.message : String(error));
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
  }
  return { rule: rule.name, host: host.name, ...result };
}

/** Runs the rules one after another (a real host sees one rule's traffic at a time). */
export async function runRules(
  host: ConformanceHost,
  rules: readonly ConformanceRule[],
  onRow: (row: ConformanceRow) => void = () => {},
): Promise<ConformanceRow[]> {
  const rows: ConformanceRow[] = [];
  for (const rule of rules) {
    const row = await runRule(host, rule);
    rows.push(row);
    onRow(row);
  }
  return rows;
}
