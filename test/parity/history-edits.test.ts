import { generateText, type ModelMessage, stepCountIs, tool } from 'ai';
import { describe, it } from 'vitest';
import { z } from 'zod';
import { converse, expectParity, type Side } from './run-side-by-side';
import { agentScript } from './scripts';

/**
 * An app edits its history between turns. Whatever it sends is what the server must see: the WebSocket
 * side may continue its cached chain only when the history still begins with exactly what it holds.
 */
const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` });

type Content = Exclude<ModelMessage['content'], string>;
type Edit = (messages: ModelMessage[]) => ModelMessage[];

/**
 * Applies `change` to the last content part of `type` in a deep copy of the messages: the last one is
 * the server's own output of the response a WebSocket chain would continue, the case a cache could hide.
 */
function editPart(type: string, change: (part: Record<string, unknown>) => void): Edit {
  return (messages) => {
    const copy = structuredClone(messages);
    for (const message of [...copy].reverse()) {
      if (typeof message.content === 'string') continue;
      const part = (message.content as Content).find((p) => p.type === type);
      if (part !== undefined) {
        change(part as unknown as Record<string, unknown>);
        return copy;
      }
    }
    throw new Error(`no ${type} part to edit`);
  };
}

const edits: [string, Edit][] = [
  [
    'user message text',
    (messages) => messages.map((m, i) => (i === 0 ? { role: 'user', content: 'first, rephrased?' } : m)),
  ],
  [
    'assistant text',
    editPart('text', (part) => {
      part.text = `${part.text} (edited)`;
    }),
  ],
  [
    'tool call input',
    editPart('tool-call', (part) => {
      part.input = { q: 'edited' };
    }),
  ],
  [
    'tool output',
    editPart('tool-result', (part) => {
      part.output = { type: 'text', value: 'redacted' };
    }),
  ],
  [
    'reasoning summary (redacted, same item id)',
    editPart('reasoning', (part) => {
      part.text = '[redacted]';
    }),
  ],
  [
    'truncation (oldest turn dropped)',
    (messages) => messages.slice(messages.findIndex((m, i) => i > 0 && m.role === 'user')),
  ],
  [
    'summarisation (first turn replaced by a summary)',
    (messages) => {
      const second = messages.findIndex((m, i) => i > 0 && m.role === 'user');
      return [
        { role: 'system', content: 'Summary: the user asked first?, a lookup found x.' },
        ...messages.slice(second),
      ];
    },
  ],
  [
    'reordering (two turns swapped)',
    (messages) => {
      const second = messages.findIndex((m, i) => i > 0 && m.role === 'user');
      return [...messages.slice(second), ...messages.slice(0, second)];
    },
  ],
  [
    'a tool call and its result removed',
    (messages) =>
      messages.filter(
        (m) =>
          !(
            typeof m.content !== 'string' &&
            (m.content as Content).some((p) => p.type === 'tool-call' || p.type === 'tool-result')
          ),
      ),
  ],
  [
    'a message inserted in the middle',
    (messages) => [messages[0]!, { role: 'user', content: 'an aside' }, ...messages.slice(1)],
  ],
  ['system prompt added', (messages) => [{ role: 'system', content: 'Be brief.' }, ...messages]],
];

/** Two turns, the edit, a third turn: the third is where a stale cache would show. */
function conversation(side: Side, edit: Edit) {
  return converse(
    ['first?', 'second?', 'third?'],
    (messages) =>
      generateText({
        model: side.model(),
        tools: { lookup },
        stopWhen: stepCountIs(4),
        messages,
        // Two of the edits put a system message into the history, on purpose.
        allowSystemInMessages: true,
        // Encrypted reasoning travels in the history with store: false, so it can be edited too.
        providerOptions: { openai: { store: false } },
      }),
    (messages, turn) => (turn === 2 ? edit(messages) : messages),
  );
}

describe('history edits between turns', () => {
  it.each(edits)('%s', async (name, edit) => {
    await expectParity(`history edit: ${name}`, {
      model: agentScript({ reasoning: true }),
      run: (side) => conversation(side, edit),
    });
  });

  it('reasoning encrypted content', async () => {
    await expectParity('history edit: reasoning encrypted content', {
      model: agentScript({ reasoning: true }),
      run: (side) =>
        conversation(
          side,
          editPart('reasoning', (part) => {
            const options = part.providerOptions as { openai: { reasoningEncryptedContent: string } };
            options.openai.reasoningEncryptedContent = 'enc_tampered';
          }),
        ),
    });
  });
});
