import { scriptedModel } from '../../src/testing';

/**
 * A scripted emulator model for agent loops: it calls the `step` tool until the effective input holds
 * `toolCalls` tool outputs, then answers with the sum of all outputs. The answer is only right when the
 * server saw every tool result, so a broken continuation shows in the text, not just in the metrics.
 */
export function countingAgentModel(toolCalls: number) {
  return scriptedModel(({ input }) => {
    const outputs = input.filter((item) => (item as { type?: string }).type === 'function_call_output');
    if (outputs.length < toolCalls) {
      return {
        output: [
          { type: 'function_call', name: 'step', arguments: JSON.stringify({ n: outputs.length + 1 }) },
        ],
      };
    }
    const sum = outputs.reduce((total, item) => total + Number((item as { output: string }).output), 0);
    return { output: [{ type: 'message', text: `sum=${sum}` }] };
  });
}

/** The answer `countingAgentModel(n)` gives when the `step` tool returns `n * 10` each time. */
export function expectedSum(toolCalls: number): string {
  return `sum=${(10 * toolCalls * (toolCalls + 1)) / 2}`;
}
