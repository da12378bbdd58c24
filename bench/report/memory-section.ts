/** RESULTS.md: memory held per conversation, per contender and history size. */
import { CONTENDER_LABELS } from '../contenders';
import type { BenchResults } from './bench-results';
import { kib, mib } from './format';

export function memorySection(results: BenchResults): string[] {
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
