import type { JSONObject } from '@ai-sdk/provider';
import { OpenAIWsInternalError } from './errors/internal-error';
import { NotSerializableModelError } from './errors/not-serializable-error';
import type { WsOpenAIProviderSettings } from './ws-openai-settings';

/**
 * The Workflow DevKit's class serialisation hooks (`@workflow/serde`, re-exported by provider-utils 5).
 * They are registered symbols, so defining them needs no dependency on either package.
 */
export const WORKFLOW_SERIALIZE = Symbol.for('workflow-serialize');
export const WORKFLOW_DESERIALIZE = Symbol.for('workflow-deserialize');

/** A model across a workflow step boundary: its id and the provider's JSON settings, no credentials. */
export interface SerializedWsOpenAIModel {
  readonly modelId: string;
  readonly settings: JSONObject;
}

/** The serialisation hook's error for a model whose provider was given credentials of its own. */
export function notSerializable(modelId: string): NotSerializableModelError {
  return new NotSerializableModelError(modelId);
}

/** A provider's model factory, as the provider module registers it (the model class cannot import it). */
type ProviderFactory = (settings: WsOpenAIProviderSettings) => (modelId: string) => unknown;
let createProvider: ProviderFactory | undefined;

/**
 * The provider module registers `createWsOpenAI` here when it loads, so that a model class that is
 * deserialised can build its provider without importing the module that imports it.
 */
export function registerProviderFactory(factory: ProviderFactory): void {
  createProvider = factory;
}

/**
 * A deserialised model, on one provider per distinct settings in this process, so models deserialised for
 * many steps share a provider (and the process's sockets) instead of making one each.
 */
export function deserializeModel(serialized: SerializedWsOpenAIModel): unknown {
  if (createProvider === undefined)
    throw new OpenAIWsInternalError('the provider module was not loaded before a model was deserialised');
  const key = JSON.stringify(Object.entries(serialized.settings).sort(([a], [b]) => a.localeCompare(b)));
  let provider = providers.get(key);
  if (provider === undefined) {
    provider = createProvider(serialized.settings as WsOpenAIProviderSettings);
    providers.set(key, provider);
  }
  return provider(serialized.modelId);
}
const providers = new Map<string, (modelId: string) => unknown>();
