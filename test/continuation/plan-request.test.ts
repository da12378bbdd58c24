import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainState, chainAfterResponse, compactChain } from '../../src/continuation/chain-state';
import { canContinue, planRequest } from '../../src/continuation/plan-request';
import type { ResponseItem } from '../../src/continuation/response-item';
import {
  applyEdit,
  buildHistory,
  chainOf,
  type Echoed,
  edit,
  editArbitrary,
  functionCall,
  message,
  stepArbitrary,
  system,
  toolOutput,
  user,
} from './history-arbitraries';

describe('planRequest', () => {
  it.each([
    ['its items', (chain: ChainState) => chain],
    ['their digests', compactChain],
  ])('continues with only the new items when the input extends the chain (the chain keeps %s)', (_, keep) => {
    const call = functionCall(1, { pattern: 'fizz' });
    const chain = keep(chainOf([system('be brief'), user('where is fizz?')], [call.output]));
    const body = {
      model: 'gpt-5.4',
      stream: true,
      input: [system('be brief'), user('where is fizz?'), call.echo, toolOutput(1, 'src/fizz.py:3')],
      tools: [{ type: 'function', name: 'grep' }],
    };

    const plan = planRequest(chain, body, { incremental: true });

    expect(plan.kind).toBe('continue');
    expect(plan.frame).toEqual({
      model: 'gpt-5.4',
      input: [toolOutput(1, 'src/fizz.py:3')],
      previous_response_id: 'resp_1',
      tools: [{ type: 'function', name: 'grep' }],
    });
    expect(plan.itemsSent).toBe(1);
  });

  it('sends the full input when there is no chain, and drops `stream`', () => {
    const plan = planRequest(
      undefined,
      { model: 'm', stream: true, input: [user('hi')] },
      { incremental: true },
    );
    expect(plan).toMatchObject({ kind: 'full', reason: 'no-chain', itemsSent: 1 });
    expect(plan.frame).toEqual({ model: 'm', input: [user('hi')] });
  });

  it('sends the full input when switched off', () => {
    const chain = chainOf([user('a')], []);
    const plan = planRequest(chain, { model: 'm', input: [user('a'), user('b')] }, { incremental: false });
    expect(plan).toMatchObject({ kind: 'full', reason: 'disabled' });
  });

  it('sends the full input when an assistant message was edited in the history', () => {
    const answer = message(1, 'It is in src/fizz.py', true);
    const chain = chainOf([user('where?')], [answer.output]);
    const edited = { ...answer.echo, content: [{ type: 'output_text', text: 'It is elsewhere' }] };
    const plan = planRequest(
      chain,
      { model: 'm', input: [user('where?'), edited, user('sure?')] },
      { incremental: true },
    );
    expect(plan).toMatchObject({ kind: 'full', reason: 'history-changed', itemsSent: 3 });
    expect(plan.frame.previous_response_id).toBeUndefined();
  });

  it('an assistant text sent back as plain string content (@ai-sdk/openai 4.x) is the output_text part', () => {
    const answer = message(1, 'It is in src/fizz.py', false);
    const chain = chainOf([user('where?')], [answer.output]);
    const asString = { role: 'assistant', content: 'It is in src/fizz.py' };
    expect(canContinue(chain, { input: [user('where?'), asString, user('sure?')] })).toBe(true);
    const edited = { role: 'assistant', content: 'It is elsewhere' };
    expect(canContinue(chain, { input: [user('where?'), edited, user('sure?')] })).toBe(false);
    const twoParts = {
      ...answer.output,
      content: [...(answer.output.content as unknown[]), { type: 'output_text', text: '!' }],
    };
    expect(
      canContinue(chainOf([user('where?')], [twoParts]), {
        input: [user('where?'), asString, user('sure?')],
      }),
    ).toBe(false);
  });

  it('does not continue when nothing new follows the chain', () => {
    const answer = message(1, 'done', false);
    const chain = chainOf([user('go')], [answer.output]);
    const plan = planRequest(chain, { model: 'm', input: [user('go'), answer.echo] }, { incremental: true });
    expect(plan).toMatchObject({ kind: 'full', reason: 'nothing-new' });
  });

  it('leaves caller-chained requests exactly as built', () => {
    const chain = chainOf([user('a')], []);
    const body = { model: 'm', previous_response_id: 'resp_mine', input: [user('b')] };
    expect(planRequest(chain, body, { incremental: true })).toMatchObject({
      kind: 'caller-chained',
      frame: body,
    });
    expect(canContinue(chain, body)).toBe(false);
    const conversation = { model: 'm', conversation: 'conv_1', input: [user('a'), user('b')] };
    expect(planRequest(chain, conversation, { incremental: true }).kind).toBe('caller-chained');
  });

  it('matches function calls by call_id and parsed arguments, not raw JSON', () => {
    const call = functionCall(7, { a: 1, b: [2, 3] });
    const chain = chainOf([user('x')], [call.output]);
    const reordered = { ...call.echo, arguments: '{"b":[2,3],"a":1}' };
    expect(canContinue(chain, { input: [user('x'), reordered, toolOutput(7, 'ok')] })).toBe(true);
    const changed = { ...call.echo, arguments: '{"a":2,"b":[2,3]}' };
    expect(canContinue(chain, { input: [user('x'), changed, toolOutput(7, 'ok')] })).toBe(false);
    const otherCall = { ...call.echo, call_id: 'call_8' };
    expect(canContinue(chain, { input: [user('x'), otherCall, toolOutput(7, 'ok')] })).toBe(false);
  });
});

describe('tool search', () => {
  it('a client tool_search_call echoed as @ai-sdk/openai sends it (arguments an object) continues', () => {
    const output = {
      type: 'tool_search_call',
      id: 'tsc_1',
      execution: 'client',
      call_id: 'call_ts',
      status: 'completed',
      arguments: { paths: ['crm'] },
    };
    const echo = { ...output, arguments: { paths: ['crm'] } };
    const chain = chainOf([user('find a tool')], [output]);
    const result = { type: 'tool_search_output', call_id: 'call_ts', execution: 'client', tools: [] };
    expect(canContinue(chain, { input: [user('find a tool'), echo, result] })).toBe(true);
    const edited = { ...echo, arguments: { paths: ['billing'] } };
    expect(canContinue(chain, { input: [user('find a tool'), edited, result] })).toBe(false);
  });
});

describe('what a comparison keeps', () => {
  it('a chain does not keep alive the input of a request compared with it, nor that input the chain', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const chain = compactChain(chainOf([user('mine')], []));
    let other: unknown[] | undefined = [user('another conversation'), user('its next step')];
    let otherChain: ChainState | undefined = chainOf([user('another conversation')], []);
    canContinue(chain, { input: other });
    canContinue(otherChain, { input: other });
    const input = new WeakRef(other);
    const comparedChain = new WeakRef(otherChain);
    other = undefined;
    otherChain = undefined;
    for (let attempt = 0; attempt < 10 && (input.deref() ?? comparedChain.deref()) !== undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    }
    expect(input.deref()).toBeUndefined();
    expect(comparedChain.deref()).toBeUndefined();
    expect(canContinue(chain, { input: [user('mine'), user('more')] })).toBe(true);
  });
});

describe('chainAfterResponse', () => {
  const sent = { fullInput: [user('a')] };
  const response = { id: 'resp_9', output: [{ type: 'message', id: 'msg_1' }] };

  it('only response.completed becomes the continuation point', () => {
    expect(chainAfterResponse(sent, { type: 'response.completed', response })).toEqual({
      responseId: 'resp_9',
      input: [user('a')],
      output: response.output,
    });
    for (const type of ['response.incomplete', 'response.failed', 'error']) {
      expect(chainAfterResponse(sent, { type, response })).toBeUndefined();
    }
  });

  it('caller-chained requests leave no chain (their full input is unknown)', () => {
    expect(
      chainAfterResponse({ fullInput: undefined }, { type: 'response.completed', response }),
    ).toBeUndefined();
  });
});

// ---- Properties -------------------------------------------------------------------------------

describe('planRequest properties', () => {
  it('any split of any history continues with exactly the tail', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 2, maxLength: 8 }), fc.nat(), (steps, pick) => {
        const { full, chains } = buildHistory(steps);
        const { chain, length } = chains[pick % (chains.length - 1)]!;
        const plan = planRequest(chain, { model: 'm', input: full }, { incremental: true });
        expect(plan.kind).toBe('continue');
        expect(plan.frame.input).toEqual(full.slice(length));
        expect(plan.frame.previous_response_id).toBe(chain.responseId);
      }),
    );
  });

  it('any edit, drop or reorder inside the prefix yields the full input', () => {
    const mutation = fc.constantFrom('edit', 'drop', 'swap');
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        mutation,
        (steps, pick, at, kind) => {
          const { full, chains } = buildHistory(steps);
          const { chain, length } = chains[pick % (chains.length - 1)]!;
          const input = structuredClone(full);
          const index = at % length;
          if (kind === 'edit') {
            input[index] = edit(input[index] as ResponseItem);
          } else if (kind === 'drop') {
            input.splice(index, 1);
          } else {
            const other = (index + 1) % length;
            fc.pre(JSON.stringify(input[index]) !== JSON.stringify(input[other]));
            [input[index], input[other]] = [input[other], input[index]];
          }
          const plan = planRequest(chain, { model: 'm', input }, { incremental: true });
          expect(plan.kind).toBe('full');
          expect(plan.frame.input).toEqual(input);
          expect(plan.frame.previous_response_id).toBeUndefined();
        },
      ),
    );
  });
});

// ---- Exactness: the server never sees content the app did not send -----------------------------

/**
 * What the model sees of an item, independently of how the client encoded it: the fields the AI SDK
 * never sends back (top-level status and ids, content parts' annotations and logprobs) and the `type`
 * of a message are dropped, tool arguments are compared as parsed JSON.
 */
function visible(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const { status: _status, id: _id, ...rest } = item as ResponseItem;
  if (rest.type === 'message') delete rest.type;
  if (typeof rest.arguments === 'string') {
    try {
      rest.arguments = JSON.parse(rest.arguments);
    } catch {
      // an edit made it invalid JSON: compared as text
    }
  }
  if (Array.isArray(rest.content) && rest.role === 'assistant') {
    rest.content = rest.content.map((part) => {
      if (typeof part !== 'object' || part === null) return part;
      const { annotations: _annotations, logprobs: _logprobs, ...kept } = part as ResponseItem;
      return kept;
    });
  }
  return JSON.parse(JSON.stringify(rest));
}

describe('planRequest exactness', () => {
  it('an app that redacts a reasoning summary (same id, new text) is not continued', () => {
    const thought: Echoed = {
      output: {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'the user lives at 4 Elm St' }],
        encrypted_content: 'enc_1',
      },
      echo: {
        type: 'reasoning',
        id: 'rs_1',
        encrypted_content: 'enc_1',
        summary: [{ type: 'summary_text', text: '[redacted]' }],
      },
    };
    const chain = chainOf([user('hi')], [thought.output]);
    const plan = planRequest(
      chain,
      { model: 'm', input: [user('hi'), thought.echo, user('and?')] },
      { incremental: true },
    );
    expect(plan).toMatchObject({ kind: 'full', reason: 'history-changed' });
    const unredacted = { ...thought.echo, summary: thought.output.summary };
    expect(canContinue(chain, { input: [user('hi'), unredacted, user('and?')] })).toBe(true);
  });

  it('an unedited history continues on the digests wherever it continues on the items', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 2, maxLength: 6 }), fc.nat(), (steps, pick) => {
        const { full, chains } = buildHistory(steps);
        const { chain } = chains[pick % (chains.length - 1)]!;
        // A copy, as a later step's input is built afresh from the same prompt.
        const body = { model: 'm', input: structuredClone(full) as unknown[] };
        const onItems = planRequest(chain, body, { incremental: true });
        expect(onItems.kind).toBe('continue');
        expect(planRequest(compactChain(chain), body, { incremental: true })).toEqual(onItems);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['items', (chain: ChainState) => chain],
    ['digests of its items', compactChain],
  ])(
    'any edit to any field of any item: the effective input is the app input (the chain keeps %s)',
    (_, keep) => {
      fc.assert(
        fc.property(
          fc.array(stepArbitrary, { minLength: 2, maxLength: 6 }),
          fc.nat(),
          fc.nat(),
          editArbitrary,
          (steps, pick, at, edit) => {
            const { full, chains } = buildHistory(steps);
            const { chain } = chains[pick % (chains.length - 1)]!;
            const input = structuredClone(full) as unknown[];
            applyEdit(input[at % input.length], edit);
            const plan = planRequest(keep(chain), { model: 'm', input }, { incremental: true });
            const effective =
              plan.kind === 'continue'
                ? [...chain.input!, ...chain.output, ...(plan.frame.input as unknown[])]
                : (plan.frame.input as unknown[]);
            expect(effective.map(visible)).toEqual(input.map(visible));
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});
