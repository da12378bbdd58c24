import {
  convertToModelMessages,
  generateText,
  type ModelMessage,
  stepCountIs,
  streamText,
  tool,
  type UIMessage,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { converse, expectParity, observeStream, type SideBySide, silenceErrors } from './run-side-by-side';
import { agentScript } from './scripts';

const tools = {
  lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => `found ${q}` }),
};

/**
 * With `store: false` @ai-sdk/openai asks for encrypted reasoning and sends it back whole; unset, it
 * sends reasoning back as `item_reference`s (the emulator resolves them from its store).
 */
const variants = [
  ['encrypted content (store: false)', { store: false }, true],
  ['item references (store unset)', {}, false],
] as const;

/** The scenario is about what it says: encrypted reasoning travelled (or did not) over both transports. */
function expectEncrypted(observed: SideBySide, encrypted: boolean) {
  for (const side of [observed.http, observed.ws]) {
    expect(JSON.stringify(side.app).includes('"reasoningEncryptedContent":"enc_#')).toBe(encrypted);
  }
}

describe.each(variants)('reasoning over several turns, %s', (variant, openai, encrypted) => {
  const providerOptions = { openai };
  it('from response.messages (generateText)', async () => {
    const observed = await expectParity(
      `reasoning, ${variant}: 3 turns from response.messages (generateText)`,
      {
        model: agentScript({ reasoning: true }),
        run: (side) =>
          converse(['first?', 'second?', 'third?'], (messages) =>
            generateText({ model: side.model(), tools, stopWhen: stepCountIs(5), messages, providerOptions }),
          ),
      },
    );
    expectEncrypted(observed, encrypted);
  });

  it('from response.messages (streamText)', async () => {
    const observed = await expectParity(
      `reasoning, ${variant}: 2 turns from response.messages (streamText)`,
      {
        model: agentScript({ reasoning: true }),
        run: async (side) => {
          const messages: ModelMessage[] = [];
          const turns: unknown[] = [];
          for (const question of ['first?', 'second?']) {
            messages.push({ role: 'user', content: question });
            const result = streamText(
              silenceErrors({
                model: side.model(),
                tools,
                stopWhen: stepCountIs(5),
                messages,
                providerOptions,
              }),
            );
            turns.push(await observeStream(result));
            messages.push(...(await result.response).messages);
          }
          return turns;
        },
      },
    );
    expectEncrypted(observed, encrypted);
  });

  it('from UI messages through convertToModelMessages', async () => {
    const observed = await expectParity(`reasoning, ${variant}: 2 turns from UI messages`, {
      model: agentScript({ reasoning: true }),
      run: async (side) => {
        // What a chat route does: the client posts UI messages, the route converts them every turn.
        type UIMessages = UIMessage[];
        let ui: UIMessages = [];
        const turns: unknown[] = [];
        for (const [index, question] of ['first?', 'second?'].entries()) {
          ui = [...ui, { id: `u${index}`, role: 'user', parts: [{ type: 'text', text: question }] }];
          const result = streamText(
            silenceErrors({
              model: side.model(),
              tools,
              stopWhen: stepCountIs(5),
              messages: await convertToModelMessages(ui),
              providerOptions,
            }),
          );
          let finished: UIMessages = ui;
          const stream = result.toUIMessageStream({
            originalMessages: ui,
            generateMessageId: () => `a${index}`,
            onFinish: ({ messages }) => {
              finished = messages;
            },
          });
          for await (const _chunk of stream) {
            // drained: onFinish gets the UI messages
          }
          turns.push({ steps: (await result.steps).length, text: await result.text });
          ui = finished;
        }
        return { turns, ui };
      },
    });
    expectEncrypted(observed, encrypted);
  });
});
