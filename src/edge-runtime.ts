/**
 * What `ai-sdk-openai-ws` resolves to under the `edge-light` (Next.js Edge runtime), `workerd`
 * (Cloudflare Workers) and `browser` export conditions. The provider needs Node: a WebSocket that sends
 * an `Authorization` header, `node:crypto`, long-lived sockets shared across requests. Without this
 * module a bundler for those runtimes fails on "Can't resolve 'crypto'", which says nothing about the
 * fix; importing this one fails with the fix instead.
 */
import { NodeRuntimeRequiredError } from './errors/node-runtime-required-error';

function nodeRuntimeRequired(): never {
  throw new NodeRuntimeRequiredError();
}

// The main entry's value exports, so a bundler resolves every named import and the first one evaluated
// throws the message above.
export const createWsOpenAI: never = nodeRuntimeRequired();
export const wsOpenAI: never = createWsOpenAI;
export const WsOpenAIResponsesLanguageModel: never = createWsOpenAI;
export const METADATA_KEY: never = createWsOpenAI;
export const VERSION: never = createWsOpenAI;
export const createAzureWsOpenAI: never = createWsOpenAI;
export const SUPPORTED_OPENAI_RANGE: never = createWsOpenAI;
export const UnsupportedOpenAIVersionError: never = createWsOpenAI;
export const NotSerializableModelError: never = createWsOpenAI;
