import {
  CALL_PROMPT,
  completedResponse,
  describeEnd,
  FORCE_LOOKUP,
  LOOKUP_TOOL,
  responseOf,
  userMessage,
} from '../protocol-frames';
import { type ConformanceRule, Expectations, failed } from '../rule';

export const continuation: ConformanceRule = {
  name: 'continuation',
  asserts:
    'previous_response_id with only the new item (a function_call_output) completes, and the history counts as input',
  async run({ connect, create }) {
    const socket = await connect();
    const first = completedResponse(
      await socket.exchange(
        create({ input: [userMessage(CALL_PROMPT)], tools: [LOOKUP_TOOL], tool_choice: FORCE_LOOKUP }),
      ),
      'the first response',
    );
    const call = first.output?.find((item) => item.type === 'function_call');
    if (call === undefined) return failed('a forced tool_choice produced no function_call item');
    // A host that did not read the history refuses this item: its call_id names no call it knows.
    const continued = await socket.exchange(
      create({
        previous_response_id: first.id,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"value":42}' }],
        tools: [LOOKUP_TOOL],
      }),
    );
    if (continued.at(-1)?.type !== 'response.completed')
      return failed(`the continuation ended with ${describeEnd(continued)}`);
    const before = first.usage?.input_tokens;
    const after = responseOf(continued.at(-1))?.usage?.input_tokens;
    const expectations = new Expectations();
    if (
      expectations.expect(
        typeof before === 'number' && typeof after === 'number',
        'usage.input_tokens missing from a completed response',
      )
    )
      expectations.expect(after! > before!, `input_tokens ${before} → ${after}: the history was not counted`);
    return expectations.result(
      `only the function_call_output sent: completed, input_tokens ${before} → ${after}`,
    );
  },
};
