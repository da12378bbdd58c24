/**
 * Every output a scripted model can produce (the kinds Codex's tools need: custom tool calls, tool search,
 * compaction, reasoning), rendered as the API streams them, over HTTP and WebSocket. The official `openai`
 * client's stream helper accumulating them runs in test/clients/openai.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponsesEmulator, type ResponsesEmulator, scriptedModel } from '../../src/testing';
import { EVERY_SCRIPTED_OUTPUT, expectEveryScriptedOutput } from './every-scripted-output';
import { connectRaw, postRaw, responseCreate, sseBlocks, userMessage } from './raw-client';

let emulator: ResponsesEmulator;
beforeEach(async () => {
  emulator = await createResponsesEmulator({
    model: scriptedModel(() => ({ output: EVERY_SCRIPTED_OUTPUT })),
  });
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
    expectEveryScriptedOutput(final.output, customInput, types.map(String));
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
      EVERY_SCRIPTED_OUTPUT.flatMap((spec, index) => [
        ['response.output_item.added', index, spec.type],
        ['response.output_item.done', index, spec.type],
      ]),
    );
    raw.close();
  });
});
