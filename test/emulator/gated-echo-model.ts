import { scriptedModel } from '../../src/testing';

/** A model that answers with the last user text, and holds each response until `release()` while gated. */
export function gatedEcho() {
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  const started: string[] = [];
  const model = scriptedModel(async ({ newInput }) => {
    const last = newInput.at(-1) as { content?: unknown } | undefined;
    const text =
      typeof last?.content === 'string'
        ? last.content
        : ((last?.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '');
    started.push(text);
    await gate;
    return { output: [{ type: 'message', text: `echo ${text}` }] };
  });
  return {
    model,
    started,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = undefined;
      open();
    },
  };
}
