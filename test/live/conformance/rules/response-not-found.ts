import { describeErrorFrame, errorFrameProblems } from '../error-frame-shape';
import { errorOf, SHORT_PROMPT, unknownResponseId, userMessage } from '../protocol-frames';
import { type ConformanceRule, Expectations } from '../rule';

export const previousResponseNotFound: ConformanceRule = {
  name: 'previous-response-not-found',
  asserts:
    'an unknown previous_response_id gets one error frame: status 400, error.code previous_response_not_found, param previous_response_id',
  async run({ connect, create }) {
    const socket = await connect();
    const id = unknownResponseId();
    const events = await socket.exchange(
      create({ previous_response_id: id, input: [userMessage(SHORT_PROMPT)] }),
    );
    const end = events.at(-1)!;
    const error = errorOf(end);
    const expectations = new Expectations();
    expectations.expect(
      events.length === 1,
      `${events.length} events (${events.map((event) => event.type).join(', ')}), not one error frame`,
    );
    for (const problem of errorFrameProblems(end)) expectations.expect(false, problem);
    expectations.expect(end.status === 400 || end.status_code === 400, 'status is not 400');
    expectations.expect(
      error.code === 'previous_response_not_found',
      `code ${String(error.code)}, not previous_response_not_found`,
    );
    expectations.expect(
      error.param === 'previous_response_id',
      `param ${String(error.param)}, not previous_response_id`,
    );
    const namesId = typeof error.message === 'string' && error.message.includes(id);
    return expectations.result(
      `${describeErrorFrame(end)}; the message ${namesId ? 'names' : 'does not name'} the id`,
    );
  },
};
