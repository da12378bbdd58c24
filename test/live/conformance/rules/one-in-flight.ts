import { isTerminal } from '../host-socket';
import { countPrompt, describeEnd, errorOf, responseOf, SHORT_PROMPT, userMessage } from '../protocol-frames';
import { type ConformanceRule, Expectations, failed, skipped } from '../rule';

export const oneInFlight: ConformanceRule = {
  name: 'one-in-flight',
  asserts:
    'a response.create sent while a response runs is queued FIFO or rejected with response_already_in_flight, never run alongside',
  async run({ connect, create }) {
    const socket = await connect();
    const request = (name: string, fields: Record<string, unknown>) =>
      create({ ...fields, metadata: { conformance_request: name } });
    // A long answer, and the second request only once the first has started: the host has a response in
    // flight when the second arrives.
    socket.send(request('first', { input: [userMessage(countPrompt(150))], max_output_tokens: 1_000 }));
    await socket.waitUntil(
      (events) => events.some((event) => event.type === 'response.created' || isTerminal(event)),
      'the first response to start',
    );
    const early = socket.events.find(isTerminal);
    if (early !== undefined)
      return early.type === 'error'
        ? failed(`the first request ended with ${describeEnd([early])}`)
        : skipped('the first response ended before the second request could be sent');
    socket.send(request('second', { input: [userMessage(SHORT_PROMPT)] }));
    await socket.waitUntil((events) => events.filter(isTerminal).length >= 2, 'two terminal events');
    const events = socket.events;
    const terminals = events.filter(isTerminal);
    const created = events.filter((event) => event.type === 'response.created');
    const nameOf = (index: number) => responseOf(created[index])?.metadata?.conformance_request;
    const expectations = new Expectations();
    const rejection = terminals.find(
      (event) => event.type === 'error' && errorOf(event).code === 'response_already_in_flight',
    );
    if (rejection !== undefined) {
      expectations.expect(created.length === 1, `${created.length} responses started`);
      expectations.expect(nameOf(0) === 'first', `the response that ran was the ${String(nameOf(0))}`);
      const ran = terminals.find((event) => event !== rejection);
      expectations.expect(
        ran?.type === 'response.completed',
        `the first ended with ${describeEnd(ran === undefined ? [] : [ran])}`,
      );
      return expectations.result(
        `rejected: response_already_in_flight (status ${String(rejection.status ?? rejection.status_code)}); the first completed`,
      );
    }
    expectations.expect(
      terminals.every((event) => event.type === 'response.completed'),
      `ended with ${terminals.map((event) => describeEnd([event])).join(' and ')}`,
    );
    if (expectations.expect(created.length === 2, `${created.length} responses started`)) {
      expectations.expect(
        events.indexOf(created[1]!) > events.indexOf(terminals[0]!),
        'the second response started before the first ended: two in flight on one connection',
      );
      expectations.expect(
        nameOf(0) === 'first' && nameOf(1) === 'second',
        `ran in the order ${String(nameOf(0))}, ${String(nameOf(1))}`,
      );
    }
    return expectations.result('queued FIFO: the second started after the first completed');
  },
};
