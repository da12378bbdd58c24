import fc from 'fast-check';
import type { ChainState } from '../../src/continuation/chain-state';
import type { ResponseItem } from '../../src/continuation/response-item';

/**
 * Agent-loop histories for the continuation's tests: items as the server outputs them and as the AI SDK
 * sends them back, histories of random steps with the chain a socket holds after each, and random edits.
 */

export const user = (text: string) => ({ role: 'user', content: [{ type: 'input_text', text }] });
export const system = (text: string) => ({ role: 'system', content: text });

/** A server output item and the item the AI SDK sends back for it on the next step (store: false). */
export interface Echoed {
  output: ResponseItem;
  echo: ResponseItem;
}

export const functionCall = (n: number, args: Record<string, unknown>): Echoed => ({
  output: {
    type: 'function_call',
    id: `fc_${n}`,
    call_id: `call_${n}`,
    name: 'grep',
    arguments: JSON.stringify(args, null, 1),
    status: 'completed',
  },
  echo: { type: 'function_call', call_id: `call_${n}`, name: 'grep', arguments: JSON.stringify(args) },
});
export const message = (n: number, text: string, echoId: boolean): Echoed => ({
  output: {
    type: 'message',
    id: `msg_${n}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  },
  echo: {
    role: 'assistant',
    content: [{ type: 'output_text', text }],
    ...(echoId ? { id: `msg_${n}` } : {}),
  },
});
export const reasoning = (n: number): Echoed => ({
  output: {
    type: 'reasoning',
    id: `rs_${n}`,
    summary: [{ type: 'summary_text', text: `thought ${n}` }],
    encrypted_content: `enc_${n}`,
  },
  echo: {
    type: 'reasoning',
    id: `rs_${n}`,
    encrypted_content: `enc_${n}`,
    summary: [{ type: 'summary_text', text: `thought ${n}` }],
  },
});
export const toolOutput = (n: number, output: string) => ({
  type: 'function_call_output',
  call_id: `call_${n}`,
  output,
});

export const chainOf = (input: unknown[], output: ResponseItem[]): ChainState => ({
  responseId: 'resp_1',
  input,
  output,
});

/** One step of an agent loop: what the client adds, then what the server answers. */
export const stepArbitrary = fc.record({
  added: fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  output: fc.array(fc.constantFrom('call', 'message', 'message-no-id', 'reasoning'), {
    minLength: 1,
    maxLength: 3,
  }),
});

/** Builds a history of steps and, for every step, the chain the socket holds after it. */
export function buildHistory(steps: { added: string[]; output: string[] }[]) {
  const full: unknown[] = [];
  const chains: { chain: ChainState; length: number }[] = [];
  let n = 0;
  for (const step of steps) {
    for (const text of step.added) full.push(user(text));
    const sentInput = [...full];
    const produced = step.output.map((kind) => {
      n++;
      if (kind === 'call') return functionCall(n, { q: n });
      if (kind === 'reasoning') return reasoning(n);
      return message(n, `answer ${n}`, kind === 'message');
    });
    chains.push({
      chain: chainOf(
        sentInput,
        produced.map((item) => item.output),
      ),
      length: sentInput.length + produced.length,
    });
    for (const item of produced) full.push(item.echo);
  }
  return { full, chains };
}

/** Changes what an item says (the part a person or a summariser would change), keeping its ids. */
export function edit(item: ResponseItem): ResponseItem {
  if (typeof item.arguments === 'string') return { ...item, arguments: '{"edited":true}' };
  if (item.type === 'reasoning') return { ...item, id: `${item.id}_other` };
  return { ...item, content: [{ type: item.role === 'user' ? 'input_text' : 'output_text', text: '✎' }] };
}

/** Every path to a value inside a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, index) => index)
    : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], path)];
  });
}

const jsonValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

/** A random edit anywhere in an item: a value replaced, a key removed, or a key added. */
export const editArbitrary = fc.record({
  pathPick: fc.nat(),
  operation: fc.constantFrom('replace', 'delete', 'add'),
  value: jsonValue,
  newKey: fc.constantFrom('extra', 'text', 'encrypted_content', 'summary', 'phase', 'name', 'arguments'),
});

export function applyEdit(
  item: unknown,
  edit: typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never,
) {
  const paths = pathsOf(item);
  const path = paths[edit.pathPick % paths.length]!;
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], item);
  const key = path[path.length - 1]!;
  if (edit.operation === 'replace') parent[key] = edit.value;
  else if (edit.operation === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    const target = typeof parent[key] === 'object' && parent[key] !== null ? parent[key] : parent;
    if (Array.isArray(target)) target.push(edit.value);
    else target[edit.newKey] = edit.value;
  }
}
