import { expect } from 'vitest';
import type { OutputSpec } from '../../src/testing';

/**
 * One response with every kind of output the scripted model renders (those Codex's tools need: custom
 * tool calls, tool search, compaction, reasoning), and what a client must find in the final response:
 * shared by the raw-protocol tests and the official client's.
 */
const weatherTool = {
  type: 'function',
  name: 'get_weather',
  defer_loading: true,
  parameters: { type: 'object' },
};

export const EVERY_SCRIPTED_OUTPUT: OutputSpec[] = [
  { type: 'reasoning', summary: ['Thinking about the patch'] },
  {
    type: 'custom_tool_call',
    name: 'apply_patch',
    input: '*** Begin Patch\n*** End Patch',
    callId: 'call_patch',
  },
  { type: 'tool_search_call', arguments: { goal: 'weather' }, callId: 'call_search' },
  { type: 'tool_search_output', tools: [weatherTool] },
  { type: 'compaction', encryptedContent: 'opaque' },
  { type: 'message', text: 'done' },
];

/** The final response's items, the custom tool call's input as streamed in deltas, and the event types. */
export function expectEveryScriptedOutput(
  output: ReadonlyArray<unknown>,
  customInput: string,
  types: readonly string[],
): void {
  expect(output.map((item) => (item as { type: string }).type)).toEqual([
    'reasoning',
    'custom_tool_call',
    'tool_search_call',
    'tool_search_output',
    'compaction',
    'message',
  ]);
  expect(output[1]).toMatchObject({
    call_id: 'call_patch',
    name: 'apply_patch',
    input: '*** Begin Patch\n*** End Patch',
  });
  expect(customInput).toBe('*** Begin Patch\n*** End Patch');
  expect(types).toContain('response.custom_tool_call_input.done');
  expect(output[2]).toMatchObject({
    call_id: 'call_search',
    arguments: { goal: 'weather' },
    execution: 'client',
    status: 'completed',
  });
  expect(output[3]).toMatchObject({ call_id: null, execution: 'server', tools: [weatherTool] });
  expect(output[4]).toMatchObject({ type: 'compaction', encrypted_content: 'opaque' });
  expect(output[0]).toMatchObject({
    type: 'reasoning',
    summary: [{ type: 'summary_text', text: 'Thinking about the patch' }],
  });
  expect(output[5]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'done' }] });
}
