/**
 * Every output a scripted model can produce (the kinds Codex's tools need: custom tool calls, tool search,
 * compaction, reasoning), rendered as the API streams them, over HTTP and WebSocket. The official `openai`
 * client's stream helper accumulating them runs in test/clients/openai.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createResponsesEmulator,
  type OutputSpec,
  type ResponsesEmulator,
  scriptedModel,
} from '../../src/testing';
import { connectRaw, postRaw, responseCreate, sseBlocks, userMessage } from './raw-client';

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  defer_loading: true,
  parameters: { type: 'object' },
};
const outputs: OutputSpec[] = [
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

let emulator: ResponsesEmulator;
beforeEach(async () => {
  emulator = await createResponsesEmulator({ model: scriptedModel(() => ({ output: outputs })) });
});
afterEach(async () => {
  await emulator.close();
});

describe('scriptedModel outputs', () => {
  it('stream over HTTP with their own events; response.completed holds every item in its API shape', async () => {
    const answer = await postRaw(emulator, {
      model: 'gpt-5.4',
      input: 'patch it',
      stream: true,
      include: ['reasoning.encrypted_content'],
    });
    expect(answer).toMatchObject({ status: 200, contentType: 'text/event-stream', complete: true });
    const events = sseBlocks(answer.body).map((block) => block.data);
    const types = events.map((event) => event.type);
    const customInput = events
      .filter((event) => event.type === 'response.custom_tool_call_input.delta')
      .map((event) => event.delta)
      .join('');
    const final = (events.at(-1) as { type: string; response: { output: Array<Record<string, unknown>> } })
      .response;

    expect(types.at(-1)).toBe('response.completed');
    expect(final.output.map((item) => item.type)).toEqual([
      'reasoning',
      'custom_tool_call',
      'tool_search_call',
      'tool_search_output',
      'compaction',
      'message',
    ]);
    expect(final.output[1]).toMatchObject({
      call_id: 'call_patch',
      name: 'apply_patch',
      input: '*** Begin Patch\n*** End Patch',
    });
    expect(customInput).toBe('*** Begin Patch\n*** End Patch');
    expect(types).toContain('response.custom_tool_call_input.done');
    expect(final.output[2]).toMatchObject({
      call_id: 'call_search',
      arguments: { goal: 'weather' },
      execution: 'client',
      status: 'completed',
    });
    expect(final.output[3]).toMatchObject({ call_id: null, execution: 'server', tools: [weatherTool] });
    expect(final.output[4]).toMatchObject({ type: 'compaction', encrypted_content: 'opaque' });
    expect(final.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Thinking about the patch' }],
    });
    expect(final.output[5]).toMatchObject({
      type: 'message',
      content: [{ type: 'output_text', text: 'done' }],
    });
  });

  it('over WebSocket: items added then done, in output order, sequence numbers unbroken', async () => {
    const raw = await connectRaw(emulator);
    raw.send(responseCreate({ store: false, input: [userMessage('go')] }));
    const events = await raw.untilTerminal();
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const itemEvents = events
      .filter((event) => String(event.type).startsWith('response.output_item.'))
      .map((event) => [event.type, event.output_index, (event.item as { type: string }).type]);
    expect(itemEvents).toEqual(
      outputs.flatMap((spec, index) => [
        ['response.output_item.added', index, spec.type],
        ['response.output_item.done', index, spec.type],
      ]),
    );
    raw.close();
  });
});
