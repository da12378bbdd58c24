export { type AzureWsOpenAIProviderSettings, createAzureWsOpenAI } from './create-azure-ws-openai';
export { NotSerializableModelError } from './errors/not-serializable-error';
export {
  SUPPORTED_OPENAI_RANGE,
  UnsupportedOpenAIVersionError,
} from './errors/unsupported-openai-version-error';
export type { Recovery, TransportReport as WsOpenAIStepMetadata } from './transport/transport-report';
export type { WebSocketConstructor } from './transport/websocket-port';
export { VERSION } from './version';
export { METADATA_KEY, WsOpenAIResponsesLanguageModel } from './ws-openai-language-model';
export { createWsOpenAI, type PrewarmOptions, type WsOpenAIProvider, wsOpenAI } from './ws-openai-provider';
export type { HeadersSetting, HeaderValues, WsOpenAIProviderSettings } from './ws-openai-settings';
