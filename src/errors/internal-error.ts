import { AISDKError } from '@ai-sdk/provider';

const name = 'AI_OpenAIWsInternalError';
const marker = `vercel.ai.error.${name}`;
const symbol = Symbol.for(marker);

/** A broken invariant of this package (a bug to report), never an outcome of a request. */
export class OpenAIWsInternalError extends AISDKError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the marker AISDKError.hasMarker looks for
  private readonly [symbol] = true;

  constructor(message: string) {
    super({ name, message: `ai-sdk-openai-ws: ${message}` });
  }

  static override isInstance(error: unknown): error is OpenAIWsInternalError {
    return AISDKError.hasMarker(error, marker);
  }
}
