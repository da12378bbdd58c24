import { AISDKError } from '@ai-sdk/provider';

const name = 'AI_NodeRuntimeRequiredError';
const marker = `vercel.ai.error.${name}`;
const symbol = Symbol.for(marker);

/** Thrown on import under the Edge runtime, Cloudflare Workers or in a browser: the provider needs Node. */
export class NodeRuntimeRequiredError extends AISDKError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the marker AISDKError.hasMarker looks for
  private readonly [symbol] = true;

  constructor() {
    super({ name, message: "ai-sdk-openai-ws needs the Node.js runtime (export const runtime = 'nodejs')" });
  }

  static override isInstance(error: unknown): error is NodeRuntimeRequiredError {
    return AISDKError.hasMarker(error, marker);
  }
}
