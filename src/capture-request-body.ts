/**
 * Calls `onBuilt` with each request body `@ai-sdk/openai`'s Responses model builds (its `getArgs`),
 * before the model serialises it for `fetch`. The transport needs the body as an object; parsing back
 * the string the model has just produced costs a full `JSON.parse` of the history on every step (about
 * 6 ms at 1 MB). Where the method is missing (a future `@ai-sdk/openai`), nothing is captured and the
 * transport parses the body it is posted; `test/provider/request-body.test.ts` checks, on every
 * supported major, that both ways give the very body HTTP sends.
 */
export function onRequestBuilt(model: object, onBuilt: (args: Record<string, unknown>) => void): void {
  const target = model as { getArgs?: (...args: unknown[]) => Promise<{ args?: unknown }> };
  const getArgs = target.getArgs;
  if (typeof getArgs !== 'function') return;
  target.getArgs = async (...args: unknown[]) => {
    const result = await getArgs.apply(model, args);
    if (typeof result?.args === 'object' && result.args !== null)
      onBuilt(result.args as Record<string, unknown>);
    return result;
  };
}
