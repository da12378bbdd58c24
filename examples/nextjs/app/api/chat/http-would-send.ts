import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelMiddleware } from 'ai';

/** Where each step's `providerMetadata` carries what HTTP would have sent for it. */
export const HTTP_WOULD_SEND = 'http-would-send';

/** The request `@ai-sdk/openai` over HTTP builds for one step: the whole conversation, every step. */
export interface HttpRequestSize {
  /** Bytes of the JSON body it would post. */
  bytes: number;
  /** Items in that body's `input`. */
  inputItems: number;
}

/**
 * A middleware that, for every model call, has `@ai-sdk/openai`'s own Responses model build its HTTP request
 * for the very same call options, measures the body and sends nothing, then puts the figures on the step's
 * `providerMetadata[HTTP_WOULD_SEND]`, beside `providerMetadata['openai-ws']` (what the socket sent).
 */
export function measureHttpRequest(modelId: string): LanguageModelMiddleware {
  return {
    wrapStream: async ({ doStream, params }) => {
      const http = await httpRequestSize(modelId, params);
      const result = await doStream();
      if (http === undefined) return result;
      const stream = result.stream.pipeThrough(
        new TransformStream({
          transform(part, controller) {
            controller.enqueue(
              part.type === 'finish'
                ? { ...part, providerMetadata: { ...part.providerMetadata, [HTTP_WOULD_SEND]: { ...http } } }
                : part,
            );
          },
        }),
      );
      return { ...result, stream };
    },
  };
}

async function httpRequestSize(
  modelId: string,
  params: Parameters<NonNullable<LanguageModelMiddleware['wrapStream']>>[0]['params'],
): Promise<HttpRequestSize | undefined> {
  let body: string | undefined;
  const model = createOpenAI({
    apiKey: 'measured, never sent',
    // The body is all we want: it is recorded here and the request ends before anything leaves.
    fetch: async (_url, init) => {
      body = typeof init?.body === 'string' ? init.body : undefined;
      throw new Error('measured, not sent');
    },
  }).responses(modelId);
  try {
    await model.doStream(params);
  } catch {
    // Our own error, wrapped by the model's error handling.
  }
  if (body === undefined) return undefined;
  const input = (JSON.parse(body) as { input?: unknown }).input;
  return { bytes: Buffer.byteLength(body), inputItems: Array.isArray(input) ? input.length : 0 };
}
