import { AISDKError } from '@ai-sdk/provider';

const name = 'AI_NotSerializableModelError';
const marker = `vercel.ai.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Thrown by the workflow serialisation hook for a model whose provider was given credentials of its own
 * (`apiKey`, `headers` or `protocols`), which would have to be persisted, while a restored model reads
 * `OPENAI_API_KEY`.
 */
export class NotSerializableModelError extends AISDKError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the marker AISDKError.hasMarker looks for
  private readonly [symbol] = true;

  constructor(readonly modelId: string) {
    super({
      name,
      message:
        `The model ${modelId} cannot be serialised for a workflow step: its provider was given credentials ` +
        '(`apiKey`, `headers` or `protocols`, e.g. createAzureWsOpenAI or an xAI key), which would have to be ' +
        'persisted, while a restored model reads OPENAI_API_KEY. Create the model inside the step instead.',
    });
  }

  static override isInstance(error: unknown): error is NotSerializableModelError {
    return AISDKError.hasMarker(error, marker);
  }
}
