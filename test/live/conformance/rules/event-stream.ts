import type { ServerEvent } from '../host-socket';
import { countPrompt, describeEnd, SHORT_PROMPT, userMessage } from '../protocol-frames';
import { type ConformanceRule, Expectations } from '../rule';

export const eventsSequencedAndTerminated: ConformanceRule = {
  name: 'events-sequenced-and-terminated',
  asserts:
    'every event of a response has sequence_number 0, 1, 2, …; completed, incomplete and error each end a response, and the next request starts afresh',
  async run({ connect, create }) {
    const socket = await connect();
    const exchanges: Array<{ what: string; events: ServerEvent[] }> = [];
    const run = async (what: string, frame: unknown) => {
      exchanges.push({ what, events: await socket.exchange(frame) });
    };
    await run('a short answer', create({ input: [userMessage(SHORT_PROMPT)] }));
    await run(
      'an answer cut by max_output_tokens',
      create({ input: [userMessage(countPrompt(100))], max_output_tokens: 16 }),
    );
    await run('a request without model', { type: 'response.create', input: [userMessage(SHORT_PROMPT)] });
    await run('a short answer after them', create({ input: [userMessage(SHORT_PROMPT)] }));

    const expectations = new Expectations();
    let sequenced = 0;
    for (const { what, events } of exchanges) {
      if (events.length === 1 && events[0]!.type === 'error') continue;
      sequenced++;
      // The slice starts at the request: a stray event of the previous response would come first here.
      expectations.expect(
        events[0]?.type === 'response.created',
        `${what}: the first event after the request is ${String(events[0]?.type)}, not response.created`,
      );
      const numbers = events.map((event) => event.sequence_number);
      expectations.expect(
        numbers.every((number, index) => number === index),
        `${what}: sequence_number ${numbers.map(String).join(',')}, not 0…${events.length - 1}`,
      );
    }
    const ends = exchanges.map(({ events }) => describeEnd(events));
    expectations.expect(
      exchanges[2]!.events.length === 1 && exchanges[2]!.events[0]!.type === 'error',
      `a request without model got ${exchanges[2]!.events.map((event) => event.type).join(', ')}, not one error frame`,
    );
    return expectations.result(
      `${sequenced} responses numbered 0…n; ended in turn by ${ends.join(' → ')} (response.failed cannot be provoked on purpose)`,
    );
  },
};
