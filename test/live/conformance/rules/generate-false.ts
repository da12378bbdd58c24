import {
  completedResponse,
  describeEnd,
  LOOKUP_TOOL,
  refusedParameter,
  SHORT_PROMPT,
  userMessage,
} from '../protocol-frames';
import { type ConformanceRule, Expectations, notSupported } from '../rule';

export const generateFalse: ConformanceRule = {
  name: 'generate-false',
  asserts:
    'generate: false with empty input completes with no output and 0 output tokens, and its id can be continued',
  async run({ connect, create }) {
    const socket = await connect();
    const warmUp = await socket.exchange(
      create({ generate: false, input: [], instructions: 'Answer in one word.', tools: [LOOKUP_TOOL] }),
    );
    if (refusedParameter(warmUp, 'generate')) return notSupported(`refused: ${describeEnd(warmUp)}`);
    const warm = completedResponse(warmUp, 'the generate: false request');
    const next = await socket.exchange(
      create({ previous_response_id: warm.id, input: [userMessage(SHORT_PROMPT)], tools: [LOOKUP_TOOL] }),
    );
    const expectations = new Expectations();
    expectations.expect(warm.output?.length === 0, `output has ${warm.output?.length ?? 'no'} items`);
    expectations.expect(
      warm.usage?.output_tokens === 0,
      `usage.output_tokens is ${String(warm.usage?.output_tokens)}`,
    );
    const outputEvents = warmUp.filter((event) => String(event.type).startsWith('response.output_'));
    expectations.expect(outputEvents.length === 0, `${outputEvents.length} output events were streamed`);
    expectations.expect(
      next.at(-1)?.type === 'response.completed',
      `continuing it ended with ${describeEnd(next)}`,
    );
    return expectations.result(
      'completed, output [], output_tokens 0; continuing its id → response.completed',
    );
  },
};
