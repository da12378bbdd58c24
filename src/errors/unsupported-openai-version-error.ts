import { AISDKError } from '@ai-sdk/provider';

const name = 'AI_UnsupportedOpenAIVersionError';
const marker = `vercel.ai.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The `@ai-sdk/openai` majors whose internal Responses model this package drives: 3.x (LanguageModelV3,
 * for `ai@6`) and 4.x (LanguageModelV4, for `ai@7`). Kept equal to the peer dependency's range.
 */
export const SUPPORTED_OPENAI_RANGE = '^3.0.0 || ^4.0.0';

/** Thrown when the installed `@ai-sdk/openai` is not one this package can drive. */
export class UnsupportedOpenAIVersionError extends AISDKError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the marker AISDKError.hasMarker looks for
  private readonly [symbol] = true;

  constructor(
    readonly installedVersion: string,
    reason: string,
  ) {
    super({
      name,
      message:
        `ai-sdk-openai-ws supports @ai-sdk/openai ${SUPPORTED_OPENAI_RANGE} (3.x with ai@6, 4.x with ai@7); ` +
        `the installed @ai-sdk/openai is ${installedVersion}: ${reason}`,
    });
  }

  static override isInstance(error: unknown): error is UnsupportedOpenAIVersionError {
    return AISDKError.hasMarker(error, marker);
  }
}
