import { describeErrorFrame, errorFrameProblems } from '../error-frame-shape';
import { describeEnd, errorOf, SHORT_PROMPT, userMessage } from '../protocol-frames';
import { type ConformanceRule, Expectations } from '../rule';

export const errorFrameShape: ConformanceRule = {
  name: 'error-frame-shape',
  asserts:
    'a request without model gets {type: error, status: 400, error: {type, code, message, param: model}}; an unknown model is recorded',
  async run({ connect, create }) {
    const socket = await connect();
    const missing = await socket.exchange({
      type: 'response.create',
      store: false,
      input: [userMessage(SHORT_PROMPT)],
    });
    const end = missing.at(-1)!;
    const expectations = new Expectations();
    for (const problem of errorFrameProblems(end)) expectations.expect(false, `missing model: ${problem}`);
    expectations.expect(end.status === 400 || end.status_code === 400, 'missing model: status is not 400');
    expectations.expect(
      errorOf(end).param === 'model',
      `missing model: param ${String(errorOf(end).param)}, not model`,
    );
    // Whether a host knows a model is its own business (the emulator answers any): only the frame's shape counts.
    const unknown = await socket.exchange(
      create({ model: 'conformance-no-such-model', input: [userMessage(SHORT_PROMPT)] }),
    );
    const unknownEnd = unknown.at(-1)!;
    if (unknownEnd.type === 'error')
      for (const problem of errorFrameProblems(unknownEnd))
        expectations.expect(false, `unknown model: ${problem}`);
    const unknownDetail =
      unknownEnd.type === 'error'
        ? `${describeEnd(unknown)} (${describeErrorFrame(unknownEnd)})`
        : `accepted (${describeEnd(unknown)})`;
    return expectations.result(
      `missing model: ${describeEnd(missing)} (${describeErrorFrame(end)}); unknown model: ${unknownDetail}`,
    );
  },
};
