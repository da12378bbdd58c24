import { join } from 'node:path';
import { generateText, type ModelMessage, type ToolSet } from 'ai';
import { describe, it } from 'vitest';
import { type EmulatorModel, replayModel } from '../../src/testing';
import { expectParity, observeGenerate } from './run-side-by-side';
import { digest } from './scripts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'openai-code-interpreter-tool.1.chunks.txt');

/** The recorded code_interpreter response first, then answers with a digest of what the model saw. */
const codeInterpreterScript = (): EmulatorModel => {
  const replay = replayModel(fixture);
  let turn = 0;
  return (input) =>
    turn++ === 0 ? replay(input) : { output: [{ type: 'message', text: digest(input.input) }] };
};

describe.each([
  ['unset', {}],
  ['true', { store: true }],
  ['false', { store: false }],
] as const)('a provider-executed tool (code_interpreter), store %s', (name, openai) => {
  it('its call and result go back to the model on the next turn as over HTTP', async () => {
    await expectParity(`provider-executed tool (code_interpreter), store ${name}`, {
      model: codeInterpreterScript,
      run: async (side) => {
        // A cast for the types only: @ai-sdk/openai is pinned with provider-utils 4.0.66, ai@6.0.325 brings
        // 4.0.65, and their Schema symbols differ (the objects are the same).
        const tools = { code_interpreter: side.tools.codeInterpreter({}) } as unknown as ToolSet;
        const messages: ModelMessage[] = [{ role: 'user', content: 'Roll two dice 10000 times.' }];
        const providerOptions = { openai };
        const first = await observeGenerate(
          generateText({ model: side.model(), tools, messages, providerOptions }).then((result) => {
            messages.push(...result.response.messages);
            return result;
          }),
        );
        messages.push({ role: 'user', content: 'And the mean?' });
        const second = await observeGenerate(
          generateText({ model: side.model(), tools, messages, providerOptions }),
        );
        return { first, second };
      },
    });
  });
});
