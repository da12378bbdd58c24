import type { JSONObject } from '@ai-sdk/provider';
import { NotSerializableModelError } from './errors/not-serializable-error';
import { isEmptyObject, type WsOpenAIProviderSettings } from './ws-openai-settings';

/**
 * The Workflow DevKit's class serialisation hooks (`@workflow/serde`, re-exported by provider-utils 5).
 * They are registered symbols, so defining them needs no dependency on either package.
 */
export const WORKFLOW_SERIALIZE = Symbol.for('workflow-serialize');
export const WORKFLOW_DESERIALIZE = Symbol.for('workflow-deserialize');

/**
 * Settings that carry credentials never cross a step boundary: a workflow persists what it serialises,
 * and a deserialised model reads its key from `OPENAI_API_KEY` where the step runs. That is the right key
 * only for a provider that took its key from `OPENAI_API_KEY` in the first place; one given an `apiKey`
 * (xAI's, a gateway's), `headers` (Azure's `api-key`, Entra ID, a gateway's token) or `protocols` could
 * only be restored by persisting them, or by sending `OPENAI_API_KEY` where it does not belong, so such a
 * model is not serialisable.
 */
const CREDENTIAL_SETTINGS: readonly string[] = ['apiKey', 'headers', 'protocols'];

/** A model across a workflow step boundary: its id and the provider's JSON settings, no credentials. */
export interface SerializedWsOpenAIModel {
  readonly modelId: string;
  readonly settings: JSONObject;
}

/**
 * The provider settings a model carries in serialised form: strings, numbers and booleans, except those
 * that may hold credentials. Functions and constructors (`WebSocket`, `fetch`, `warn`) stay behind; the
 * step that deserialises uses the defaults. `undefined` when the provider was given credentials of its
 * own (see `CREDENTIAL_SETTINGS`).
 */
export function serializableSettings(settings: WsOpenAIProviderSettings): JSONObject | undefined {
  const given = settings as Record<string, unknown>;
  // `headers: {}` and `protocols: []` are the defaults spelt out: they carry nothing.
  const carriesCredentials = (key: string) => given[key] !== undefined && !isEmptyObject(given[key]);
  if (CREDENTIAL_SETTINGS.some(carriesCredentials)) return undefined;
  const kept: JSONObject = {};
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'string' || typeof value === 'boolean') kept[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
  }
  return kept;
}

/** The serialisation hook's error for a model whose provider was given credentials of its own. */
export function notSerializable(modelId: string): NotSerializableModelError {
  return new NotSerializableModelError(modelId);
}

/**
 * One provider per distinct settings in this process, so models deserialised for many steps share its
 * sockets (and a continuing conversation can find its socket's cache) instead of opening one each.
 */
export function providerForSettings<Provider>(
  settings: JSONObject,
  create: (settings: WsOpenAIProviderSettings) => Provider,
): Provider {
  const key = JSON.stringify(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)));
  let provider = providers.get(key) as Provider | undefined;
  if (provider === undefined) {
    provider = create(settings as WsOpenAIProviderSettings);
    providers.set(key, provider);
  }
  return provider;
}
const providers = new Map<string, unknown>();
