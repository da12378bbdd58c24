import { loadApiKey, loadSetting } from '@ai-sdk/provider-utils';
import { invalidSetting } from './errors/invalid-setting';
import { AZURE_IDENTITY } from './inner-identity';
import { buildWsOpenAI, type WsOpenAIProvider } from './ws-openai-provider';
import { isPlainObject, type WsOpenAIProviderSettings } from './ws-openai-settings';

/** Settings of `createAzureWsOpenAI`: Azure's endpoint and auth, plus every option of `createWsOpenAI`. */
export interface AzureWsOpenAIProviderSettings
  extends Omit<WsOpenAIProviderSettings, 'apiKey' | 'baseURL' | 'headers' | 'organization' | 'project'> {
  /**
   * The Azure OpenAI resource: requests go to `https://{resourceName}.openai.azure.com/openai/v1`.
   * @default process.env.AZURE_RESOURCE_NAME (unless `baseURL` is set)
   */
  resourceName?: string;
  /**
   * The v1 API's base URL instead of `resourceName` (a Foundry endpoint, a private endpoint), ending in
   * `/openai/v1`. The socket URL is derived from it, as for `createWsOpenAI`.
   * @default `https://${resourceName}.openai.azure.com/openai/v1`
   */
  baseURL?: string;
  /**
   * The resource's key. The socket's upgrade carries it as `Authorization: Bearer <key>`, as Azure's
   * WebSocket-mode guide shows; the HTTP fallback as Azure's `api-key` header, as `@ai-sdk/azure` sends
   * it. Not read when `azureADTokenProvider` is set.
   * @default process.env.AZURE_API_KEY
   */
  apiKey?: string;
  /**
   * Microsoft Entra ID instead of a key: returns a bearer token, called before every request, e.g.
   * `getBearerTokenProvider(new DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default')`
   * from `@azure/identity`, which caches the token and refreshes it before it expires. New sockets then
   * use the new token; sockets opened with the old one finish their response and close.
   * @default undefined
   */
  azureADTokenProvider?: () => string | PromiseLike<string>;
  /** Extra headers for the handshake and the HTTP fallback. @default {} */
  headers?: Record<string, string>;
}

/**
 * A provider for Azure OpenAI's WebSocket mode (v1 API). The model id is the deployment name. It exists
 * because the plain recipe is easy to get subtly wrong: the `/openai/v1` path, the key as `Bearer` on the
 * socket but as `api-key` over HTTP, an async Entra ID token that must become `Bearer …` on every new
 * socket, and never sending an `OPENAI_API_KEY` from the environment to Azure.
 */
export function createAzureWsOpenAI(settings: AzureWsOpenAIProviderSettings = {}): WsOpenAIProvider {
  const { resourceName, baseURL, apiKey, azureADTokenProvider, headers, ...rest } = settings;
  const extra = headers ?? {};
  if (apiKey !== undefined && azureADTokenProvider !== undefined)
    throw invalidSetting('apiKey', 'set either apiKey or azureADTokenProvider, not both');
  // From JavaScript a function (or a Headers, a Map) would otherwise be spread into nothing, and its
  // headers silently dropped.
  if (!isPlainObject(extra))
    throw invalidSetting(
      'headers',
      'createAzureWsOpenAI takes headers as a plain object; for a token fetched per request use azureADTokenProvider',
    );
  const tokenProvider = azureADTokenProvider;
  // As @ai-sdk/azure: providerOptions.azure (then .openai), providerMetadata.azure, `assistant-` file ids.
  return buildWsOpenAI(
    {
      name: 'azure-ws',
      ...rest,
      baseURL:
        baseURL ??
        `https://${loadSetting({
          settingValue: resourceName,
          settingName: 'resourceName',
          environmentVariableName: 'AZURE_RESOURCE_NAME',
          description: 'Azure OpenAI resource name',
        })}.openai.azure.com/openai/v1`,
      headers:
        tokenProvider === undefined
          ? () => ({
              ...extra,
              'api-key': loadApiKey({
                apiKey,
                environmentVariableName: 'AZURE_API_KEY',
                description: 'Azure OpenAI',
              }),
            })
          : async () => ({ ...extra, Authorization: `Bearer ${await tokenProvider()}` }),
    },
    AZURE_IDENTITY,
    keyAsBearer,
  );
}

/**
 * Azure's WebSocket-mode guide ("Use the Responses API in WebSocket mode", API-key tab) authenticates the
 * upgrade with `Authorization: Bearer <key>`; its HTTP API takes the key as `api-key`, which the HTTP
 * fallback keeps. Headers arrive lower-cased; an `Authorization` of the caller's own is left alone.
 */
function keyAsBearer(headers: Record<string, string>): Record<string, string> {
  const { 'api-key': key, ...others } = headers;
  if (key === undefined || others.authorization !== undefined) return headers;
  return { ...others, authorization: `Bearer ${key}` };
}
