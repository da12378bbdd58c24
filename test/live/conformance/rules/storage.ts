import {
  completedResponse,
  describeEnd,
  isErrorWithCode,
  SHORT_PROMPT,
  userMessage,
} from '../protocol-frames';
import { type ConformanceRule, Expectations } from '../rule';

export const storeFalseSocketScoped: ConformanceRule = {
  name: 'store-false-socket-scoped',
  asserts: 'a store: false response is previous_response_not_found from another socket, and found on its own',
  async run({ connect, create }) {
    const own = await connect();
    const first = completedResponse(
      await own.exchange(create({ store: false, input: [userMessage(SHORT_PROMPT)] })),
      'the store: false response',
    );
    const other = await connect();
    const elsewhere = await other.exchange(
      create({ store: false, previous_response_id: first.id, input: [userMessage(SHORT_PROMPT)] }),
    );
    const here = await own.exchange(
      create({ store: false, previous_response_id: first.id, input: [userMessage(SHORT_PROMPT)] }),
    );
    const expectations = new Expectations();
    expectations.expect(
      isErrorWithCode(elsewhere, 'previous_response_not_found'),
      `from another socket it ended with ${describeEnd(elsewhere)}`,
    );
    expectations.expect(
      here.at(-1)?.type === 'response.completed',
      `on its own socket it ended with ${describeEnd(here)}`,
    );
    return expectations.result('other socket → previous_response_not_found; own socket → response.completed');
  },
};

export const storeTrueAcrossSockets: ConformanceRule = {
  name: 'store-true-across-sockets',
  asserts: 'a store: true response can be continued from a new socket after its own socket closed',
  async run({ connect, create }) {
    const first = await connect();
    const stored = completedResponse(
      await first.exchange(create({ store: true, input: [userMessage(SHORT_PROMPT)] })),
      'the store: true response',
    );
    await first.close();
    const second = await connect();
    const continued = await second.exchange(
      create({ store: true, previous_response_id: stored.id, input: [userMessage(SHORT_PROMPT)] }),
    );
    const expectations = new Expectations();
    expectations.expect(
      continued.at(-1)?.type === 'response.completed',
      `from a new socket it ended with ${describeEnd(continued)}`,
    );
    return expectations.result('continued from a new socket after the first closed: response.completed');
  },
};
