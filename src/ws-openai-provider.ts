import { openai } from '@ai-sdk/openai';
import { type JSONObject, NoSuchModelError, type SharedV3ProviderOptions } from '@ai-sdk/provider';
import { withUserAgentSuffix } from '@ai-sdk/provider-utils';
import { type PrewarmTools, toModelTools } from './convert-prewarm-tools';
import { type InnerIdentity, OPENAI_IDENTITY } from './inner-identity';
import {
  checkOpenAIVersion,
  installedSpecificationVersion,
  type ResponsesModel,
} from './load-responses-model';
import { ResponsesWebSocketTransport } from './transport/responses-websocket-transport';
import { VERSION } from './version';
import { registerProviderFactory } from './workflow-serialization';
import { WsOpenAIResponsesLanguageModel } from './ws-openai-language-model';
import { resolveSettings, type WsOpenAIProviderSettings } from './ws-openai-settings';

export interface WsOpenAIPrewarmOptions {
  /** The system prompt the conversation will start with, exactly as it will be passed to `streamText`. @default undefined */
  system?: string;
  /** The tools the conversation will use, as passed to `streamText` (AI SDK tools). @default undefined */
  tools?: PrewarmTools;
  /** Provider options, as for the real call (e.g. `{ openai: { reasoningEffort } }`). @default undefined */
  providerOptions?: SharedV3ProviderOptions;
  /** Cancels the warm-up (and closes its socket). @default undefined */
  abortSignal?: AbortSignal;
}

/**
 * The provider: a ProviderV3 with `@ai-sdk/openai` 3.x (`ai@6`), a ProviderV4 with 4.x (`ai@7`). Its
 * `specificationVersion` and its models' are the installed `@ai-sdk/openai`'s, so this interface names
 * no provider specification itself.
 */
export interface WsOpenAIProvider {
  readonly specificationVersion: ResponsesModel['specificationVersion'];
  (modelId: string): WsOpenAIResponsesLanguageModel;
  languageModel(modelId: string): WsOpenAIResponsesLanguageModel;
  /** A Responses model (the only kind this provider serves). */
  responses(modelId: string): WsOpenAIResponsesLanguageModel;
  /** Throws NoSuchModelError: this provider serves Responses language models only. */
  embeddingModel(modelId: string): never;
  /** Throws NoSuchModelError: this provider serves Responses language models only. */
  imageModel(modelId: string): never;
  /** OpenAI's provider-defined tools (web search, file search, shell, …), as in `@ai-sdk/openai`. */
  tools: typeof openai.tools;
  /**
   * Opens a socket and sends a `generate: false` warm-up (system prompt and tools, no sampling), so the
   * first real step of a conversation with that system prompt continues incrementally on a warm socket.
   * Resolves with the warm-up's transport metadata.
   */
  prewarm(modelId: string, options?: WsOpenAIPrewarmOptions): Promise<JSONObject>;
  /**
   * Ends what this provider started: its running responses end with an error, its waiting requests fail,
   * and the idle sockets that hold only its conversations close. Other providers sharing the process's
   * sockets go on. The provider is unusable afterwards: a request on it is an `APICallError`.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a provider whose Responses models run over the Responses API's WebSocket mode: one
 * persistent socket per conversation, each agent step sending only new items with `previous_response_id`.
 */
export function createWsOpenAI(settings: WsOpenAIProviderSettings = {}): WsOpenAIProvider {
  return buildWsOpenAI(settings, OPENAI_IDENTITY);
}

/**
 * `createWsOpenAI`, for a model that stands in for another first-party provider (`createAzureWsOpenAI`),
 * whose sockets may want the request's credentials in another header (`socketHeaders`).
 */
export function buildWsOpenAI(
  settings: WsOpenAIProviderSettings,
  identity: InnerIdentity,
  socketHeaders?: (headers: Record<string, string>) => Record<string, string>,
): WsOpenAIProvider {
  checkOpenAIVersion();
  const resolved = resolveSettings(settings);
  const transport = new ResponsesWebSocketTransport(resolved, socketHeaders);
  const providerName = resolved.name;

  // Only the user agent: the provider's own headers (key, organization, `headers`, which may be async) are
  // resolved by the transport per request, since the inner model reads this synchronously.
  const headers = () => withUserAgentSuffix({}, `ai-sdk-openai-ws/${VERSION}`);

  const createModel = (modelId: string) => {
    return new WsOpenAIResponsesLanguageModel(modelId, {
      provider: `${providerName}.responses`,
      baseURL: resolved.baseURL,
      headers,
      transport,
      serializedSettings: resolved.serialized,
      identity,
      warn: resolved.warn,
    });
  };

  const close = async () => transport.close();
  const noSuchModel = (modelType: 'embeddingModel' | 'imageModel') => (modelId: string) => {
    throw new NoSuchModelError({
      modelId,
      modelType,
      message: `${providerName} serves Responses language models only; use @ai-sdk/openai for ${modelType}s`,
    });
  };

  const provider = Object.assign((modelId: string) => createModel(modelId), {
    specificationVersion: installedSpecificationVersion(),
    languageModel: createModel,
    responses: createModel,
    embeddingModel: noSuchModel('embeddingModel'),
    imageModel: noSuchModel('imageModel'),
    tools: openai.tools,
    prewarm: async (modelId: string, options: WsOpenAIPrewarmOptions = {}) =>
      createModel(modelId).prewarm({
        system: options.system,
        tools: await toModelTools(options.tools),
        providerOptions: options.providerOptions,
        abortSignal: options.abortSignal,
      }),
    close,
    [Symbol.asyncDispose]: close,
  });
  return provider as WsOpenAIProvider;
}

registerProviderFactory(createWsOpenAI);

/** The default provider: key from `OPENAI_API_KEY`, URL from `OPENAI_BASE_URL` (or OpenAI's). */
export const wsOpenAI: WsOpenAIProvider = lazyProvider();

/** Settings are read on first use, so importing the module reads no environment and opens nothing. */
function lazyProvider(): WsOpenAIProvider {
  let instance: WsOpenAIProvider | undefined;
  const get = () => {
    instance ??= createWsOpenAI();
    return instance;
  };
  const forward = (modelId: string) => get()(modelId);
  return new Proxy(forward as unknown as WsOpenAIProvider, {
    apply: (_target, _this, args: [string]) => get()(args[0]),
    get: (_target, property) => {
      if (property === 'close' || property === Symbol.asyncDispose) return async () => instance?.close();
      return Reflect.get(get(), property);
    },
  });
}
