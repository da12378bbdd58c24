/**
 * Memory held per conversation, per contender: memory-child.ts runs in a fresh process (`--expose-gc`) per
 * contender, holds `conversations` conversations of ~`historyBytes` of history at once, and reads the heap
 * after full collections. What the provider itself retains is the difference between the snapshots (see
 * memory-child.ts for each one).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MemoryMeasurement } from './memory-child';

export interface MemorySummary extends MemoryMeasurement {
  /** (held − prompts) / conversations: what the provider adds while callers hold their conversations. */
  readonly heldPerConversation: number;
  /**
   * (dropped − base) / conversations: what stays alive once callers let go, sockets still open, within
   * `chainAffinityMs` of the last response.
   */
  readonly droppedPerConversation: number;
  /** (idle − base) / conversations: the same once that window has passed. */
  readonly idlePerConversation: number;
  /** (closed − base): what is left after `close()` (0 up to noise). */
  readonly afterClose: number;
}

function measureIn(options: {
  contender: MemoryMeasurement['contender'];
  conversations: number;
  historyBytes: number;
  toolOutputBytes: number;
}): Promise<MemoryMeasurement> {
  const child = fork(fileURLToPath(new URL('./memory-child.ts', import.meta.url)), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { result?: MemoryMeasurement; error?: string }) => {
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`memory-child: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`memory-child exited (${code}) without a result`)));
    child.send(options);
  });
}

const total = (snapshot: { heapUsed: number; external: number }) => snapshot.heapUsed + snapshot.external;

export async function runMemoryBenchmark(options: {
  conversations: number;
  historyBytes: number;
  toolOutputBytes: number;
}): Promise<MemorySummary[]> {
  const summaries: MemorySummary[] = [];
  for (const contender of ['http', 'ws-incremental'] as const) {
    const m = await measureIn({ ...options, contender });
    summaries.push({
      ...m,
      heldPerConversation: (total(m.held) - total(m.prompts)) / m.conversations,
      droppedPerConversation: (total(m.dropped) - total(m.base)) / m.conversations,
      idlePerConversation: (total(m.idle) - total(m.base)) / m.conversations,
      afterClose: total(m.closed) - total(m.base),
    });
  }
  return summaries;
}
