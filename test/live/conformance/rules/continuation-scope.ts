import {
  completedResponse,
  countPrompt,
  describeEnd,
  isErrorWithCode,
  SHORT_PROMPT,
  userMessage,
} from '../protocol-frames';
import { type ConformanceRule, Expectations, skipped } from '../rule';

const NOT_FOUND = 'previous_response_not_found';

export const onlyLatestContinuable: ConformanceRule = {
  name: 'only-latest-continuable',
  asserts: 'of two responses on one socket (store: false), only the most recent can be continued',
  async run({ connect, create }) {
    const socket = await connect();
    const ask = (fields: Record<string, unknown> = {}) =>
      socket.exchange(create({ input: [userMessage(SHORT_PROMPT)], ...fields }));
    const older = completedResponse(await ask(), 'the first response');
    const latest = completedResponse(await ask(), 'the second response');
    const fromOlder = await ask({ previous_response_id: older.id });
    const fromLatest = await ask({ previous_response_id: latest.id });
    const expectations = new Expectations();
    expectations.expect(
      isErrorWithCode(fromOlder, NOT_FOUND),
      `continuing the older response ended with ${describeEnd(fromOlder)}`,
    );
    expectations.expect(
      fromLatest.at(-1)?.type === 'response.completed',
      `continuing the most recent response ended with ${describeEnd(fromLatest)}`,
    );
    return expectations.result(`older id → ${NOT_FOUND}; most recent id → response.completed`);
  },
};

export const failedContinuationEvicts: ConformanceRule = {
  name: 'failed-continuation-evicts',
  asserts: 'after a continuation of a response ends unfinished, that response can no longer be continued',
  async run({ connect, create }) {
    const socket = await connect();
    const first = completedResponse(
      await socket.exchange(create({ input: [userMessage(SHORT_PROMPT)] })),
      'the first response',
    );
    // 16 is the smallest max_output_tokens OpenAI accepts; no model writes 100 numbers within it.
    const cut = await socket.exchange(
      create({
        previous_response_id: first.id,
        input: [userMessage(countPrompt(100))],
        max_output_tokens: 16,
      }),
    );
    if (cut.at(-1)?.type === 'response.completed')
      return skipped(
        'the continuation completed within max_output_tokens 16: nothing unfinished to test with',
      );
    const again = await socket.exchange(
      create({ previous_response_id: first.id, input: [userMessage(SHORT_PROMPT)] }),
    );
    const expectations = new Expectations();
    expectations.expect(
      isErrorWithCode(again, NOT_FOUND),
      `after a continuation ended with ${describeEnd(cut)}, continuing the same response ended with ${describeEnd(again)}`,
    );
    return expectations.result(
      `continuation ended with ${describeEnd(cut)}; the same id again → ${NOT_FOUND}`,
    );
  },
};
