import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cachedResponseAfter, compactChain } from '../../src/continuation/chain-state';
import { socketLookupKeys, visitRequestLookupKeys } from '../../src/continuation/lookup-keys';
import type { ResponsesRequestBody } from '../../src/continuation/response-item';
import { socketAffinity } from '../../src/continuation/socket-affinity';
import {
  applyEdit,
  buildHistory,
  chainOf,
  editArbitrary,
  message,
  stepArbitrary,
  system,
  toolOutput,
  user,
} from './history-arbitraries';

/**
 * The pool finds a request's socket through lookup keys instead of comparing it with every socket; it
 * may check candidates that turn out unrelated, but must never miss the socket a request continues or
 * follows. That is the one rule these check, over random histories, splits and edits.
 */
function requestKeys(body: ResponsesRequestBody): Set<string> {
  const keys = new Set<string>();
  visitRequestLookupKeys(body, (key) => {
    keys.add(key);
    return false;
  });
  return keys;
}

function socketOf(chain: ReturnType<typeof chainOf>) {
  const lastResponse = cachedResponseAfter(
    { type: 'response.completed', response: { id: chain.responseId, output: chain.output } },
    { toolsFingerprint: 'none' },
  );
  return { chain, lastResponse };
}

function sharesAKey(socket: ReturnType<typeof socketOf>, body: ResponsesRequestBody): boolean {
  const keys = requestKeys(body);
  return socketLookupKeys(socket.chain, socket.lastResponse).some((key) => keys.has(key) || key === '*');
}

describe('lookup keys', () => {
  it('a request that continues or follows a socket shares one of its keys, on items or on digests', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.option(fc.tuple(fc.nat(), editArbitrary)),
        fc.boolean(),
        (steps, pick, edit, withToolOutputs) => {
          const { full, chains } = buildHistory(steps);
          const { chain, length } = chains[pick % (chains.length - 1)]!;
          const input = structuredClone(full) as unknown[];
          if (withToolOutputs) {
            const calls = chain.output.filter((item) => item.type === 'function_call');
            input.splice(length, 0, ...calls.map((call, n) => toolOutput(n, `out ${call.call_id}`)));
          }
          if (edit !== null) applyEdit(input[edit[0] % input.length], edit[1]);
          const body = { model: 'm', input };
          for (const socket of [socketOf(chain), socketOf(compactChain(chain))]) {
            const affinity = socketAffinity(socket, body, { incremental: true });
            if (affinity !== 'none') expect(sharesAKey(socket, body)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a warm-up chain is found by its last input item, and an empty one continues anything', () => {
    const prompt = system('be brief');
    const warm = socketOf(chainOf([prompt], []));
    expect(sharesAKey(warm, { input: [system('be brief'), user('hi')] })).toBe(true);
    expect(socketAffinity(warm, { input: [system('be brief'), user('hi')] }, { incremental: true })).toBe(
      'continues',
    );
    expect(socketLookupKeys(chainOf([], []), undefined)).toEqual(['*']);
  });

  it("a caller's previous_response_id is looked up by that id alone", () => {
    const socket = socketOf(chainOf([user('a')], [message(1, 'b', true).output]));
    expect([...requestKeys({ previous_response_id: 'resp_1', input: [user('c')] })]).toEqual(['r:resp_1']);
    expect(sharesAKey(socket, { previous_response_id: 'resp_1', input: [user('c')] })).toBe(true);
  });
});
