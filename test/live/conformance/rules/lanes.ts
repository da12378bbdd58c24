import { isTerminal, type ServerEvent } from '../host-socket';
import {
  completedResponse,
  countPrompt,
  describeEnd,
  errorOf,
  isErrorWithCode,
  refusedParameter,
  responseOf,
  SHORT_PROMPT,
  userMessage,
} from '../protocol-frames';
import { type ConformanceRule, Expectations, failed, notSupported, type RuleResult, skipped } from '../rule';

/** A host that answers `stream_id` by refusing the parameter has no lanes: not supported, not broken. */
function refusal(events: readonly ServerEvent[]): RuleResult | undefined {
  const refused = events.filter(isTerminal).find((event) => refusedParameter([event], 'stream_id'));
  return refused === undefined ? undefined : notSupported(`stream_id refused: ${describeEnd([refused])}`);
}

export const lanesSideBySide: ConformanceRule = {
  name: 'lanes-side-by-side',
  asserts: "two stream_ids on one socket run side by side and every event echoes its lane's stream_id",
  async run({ connect, create }) {
    const socket = await connect();
    // Lane a writes a long answer, and lane b's request goes out once lane a's response has started.
    socket.send(
      create({
        stream_id: 'a',
        input: [userMessage(countPrompt(150))],
        max_output_tokens: 1_000,
        metadata: { lane: 'a' },
      }),
    );
    await socket.waitUntil(
      (events) => events.some((event) => event.type === 'response.created' || isTerminal(event)),
      "lane a's response to start",
    );
    const early = socket.events.find(isTerminal);
    if (early !== undefined)
      return (
        refusal([early]) ??
        (early.type === 'error'
          ? failed(`lane a's request ended with ${describeEnd([early])}`)
          : skipped("lane a's response ended before lane b's request could be sent"))
      );
    socket.send(create({ stream_id: 'b', input: [userMessage(SHORT_PROMPT)], metadata: { lane: 'b' } }));
    await socket.waitUntil(
      (events) => events.filter(isTerminal).length >= 2,
      'a terminal event on each lane',
    );
    const events = [...socket.events];
    const refused = refusal(events);
    if (refused !== undefined) return refused;

    const expectations = new Expectations();
    const unechoed = events.filter((event) => event.stream_id !== 'a' && event.stream_id !== 'b');
    expectations.expect(
      unechoed.length === 0,
      `${unechoed.length} of ${events.length} events carry no lane's stream_id (e.g. ${String(unechoed[0]?.type)})`,
    );
    const createdOn = (lane: string) =>
      events.find((event) => event.type === 'response.created' && event.stream_id === lane);
    const endOn = (lane: string) => events.find((event) => isTerminal(event) && event.stream_id === lane);
    for (const lane of ['a', 'b']) {
      const started = createdOn(lane);
      expectations.expect(
        responseOf(started)?.metadata?.lane === lane,
        `the response.created echoing stream_id ${lane} is ${started === undefined ? 'missing' : `lane ${String(responseOf(started)?.metadata?.lane)}'s response`}`,
      );
    }
    const endA = endOn('a');
    const endB = endOn('b');
    expectations.expect(
      endA?.type === 'response.completed' || endA?.type === 'response.incomplete',
      `lane a ended with ${endA === undefined ? 'no terminal event of its own' : describeEnd([endA])}`,
    );
    expectations.expect(
      endB?.type === 'response.completed',
      `lane b ended with ${endB === undefined ? 'no terminal event of its own' : describeEnd([endB])}`,
    );
    const startB = createdOn('b');
    if (startB !== undefined && endA !== undefined)
      expectations.expect(
        events.indexOf(startB) < events.indexOf(endA),
        'lane b started only after lane a ended: queued, not side by side',
      );
    return expectations.result(
      `lane b started while lane a was streaming; all ${events.length} events echo their stream_id`,
    );
  },
};

export const lanesContinueOwnLatest: ConformanceRule = {
  name: 'lanes-continue-own-latest',
  asserts:
    "each lane continues its own most recent response, even when another lane's is newer; a superseded one is not found",
  async run({ connect, create }) {
    const socket = await connect();
    const ask = (lane: string, previous?: string) =>
      socket.exchange(
        create({
          stream_id: lane,
          input: [userMessage(SHORT_PROMPT)],
          ...(previous === undefined ? {} : { previous_response_id: previous }),
        }),
      );
    const a1Events = await ask('a');
    const refused = refusal(a1Events);
    if (refused !== undefined) return refused;
    const a1 = completedResponse(a1Events, "lane a's first response");
    const b1 = completedResponse(await ask('b'), "lane b's first response");
    const a2 = await ask('a', a1.id);
    // b1 is no longer the socket's most recent response (a2 is): only a per-lane cache still has it.
    const b2 = await ask('b', b1.id);
    const a1Again = await ask('a', a1.id);
    const expectations = new Expectations();
    expectations.expect(
      a2.at(-1)?.type === 'response.completed',
      `a continuing a1 ended with ${describeEnd(a2)}`,
    );
    expectations.expect(
      b2.at(-1)?.type === 'response.completed',
      `b continuing b1 after a's newer response ended with ${describeEnd(b2)}`,
    );
    expectations.expect(
      isErrorWithCode(a1Again, 'previous_response_not_found'),
      `a continuing a1 after a2 ended with ${describeEnd(a1Again)}`,
    );
    return expectations.result(
      'a1 → a2 and b1 → b2 completed (b1 after a newer a2); a1 again → previous_response_not_found',
    );
  },
};

export const lanesInvalidStreamId: ConformanceRule = {
  name: 'lanes-invalid-stream-id',
  asserts: 'an empty stream_id gets an error frame with code invalid_stream_id (on a host that has lanes)',
  async run({ connect, create }) {
    const socket = await connect();
    const probe = await socket.exchange(
      create({ stream_id: 'conformance', input: [userMessage(SHORT_PROMPT)] }),
    );
    const refused = refusal(probe);
    if (refused !== undefined) return refused;
    completedResponse(probe, 'a request on a valid lane');
    const invalid = await socket.exchange(create({ stream_id: '', input: [userMessage(SHORT_PROMPT)] }));
    const expectations = new Expectations();
    expectations.expect(
      isErrorWithCode(invalid, 'invalid_stream_id'),
      `an empty stream_id ended with ${describeEnd(invalid)}`,
    );
    return expectations.result(
      `empty stream_id → ${describeEnd(invalid)}, param ${String(errorOf(invalid.at(-1)).param)}`,
    );
  },
};
