/**
 * What `@ai-sdk/openai`'s Responses model posts in place of the body when the transport already holds it as
 * an object (see {@link onRequestBuilt}). Only our own transport ever receives it: it is the inner model's
 * `fetch`, and it posts the real body itself when it falls back to HTTP.
 */
const STAND_IN = Object.freeze({ 'ai-sdk-openai-ws': 'request body passed as an object' });
export const BODY_KEPT_AS_OBJECT = JSON.stringify(STAND_IN);

/**
 * Calls `onBuilt` with each request body `@ai-sdk/openai`'s Responses model builds (its `getArgs`), as a
 * shallow copy, and spares the model serialising it.
 *
 * Why: the transport needs the body as an object (to compare the history with the socket's chain and send
 * only what is new). The model serialises the whole body for `fetch` on every step, milliseconds at a
 * megabyte of history, only for the transport to throw the string away (or, before this capture, parse it
 * back, which costs more).
 * So the built object gets a `toJSON` that stands in for the body: the model's `JSON.stringify` (of the
 * body, or of the copy it spreads `stream: true` into) then yields {@link BODY_KEPT_AS_OBJECT}. The `toJSON`
 * removes itself from both objects on that first call, so the body the model keeps afterwards (an error's
 * `requestBodyValues`, the result's `request.body`) is exactly the one HTTP would carry.
 *
 * The transport uses the captured object only when it is posted the stand-in; any other body (a future
 * `@ai-sdk/openai` without `getArgs`, or that serialises otherwise) it parses as posted, as before.
 * `test/provider/request-body.test.ts` checks, on every supported major, that the body on the socket and
 * the one the model keeps are the very body HTTP sends.
 */
export function onRequestBuilt(model: object, onBuilt: (args: Record<string, unknown>) => void): void {
  const target = model as { getArgs?: (...args: unknown[]) => Promise<{ args?: unknown }> };
  const getArgs = target.getArgs;
  if (typeof getArgs !== 'function') return;
  target.getArgs = async (...args: unknown[]) => {
    const result = await getArgs.apply(model, args);
    if (typeof result?.args === 'object' && result.args !== null) {
      const built = result.args as Record<string, unknown>;
      onBuilt({ ...built });
      standInForSerialisation(built);
    }
    return result;
  };
}

function standInForSerialisation(built: Record<string, unknown>): void {
  // A body that cannot take the stand-in is serialised and posted as it is, and parsed by the transport.
  if (Object.hasOwn(built, 'toJSON') || !Object.isExtensible(built)) return;
  Object.defineProperty(built, 'toJSON', {
    // Enumerable, so that the copy `{ ...body, stream: true }` the model serialises carries it too.
    enumerable: true,
    configurable: true,
    writable: true,
    value(this: Record<string, unknown>) {
      delete this.toJSON;
      delete built.toJSON;
      return STAND_IN;
    },
  });
}
