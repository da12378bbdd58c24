export { type AzureWsOpenAIProviderSettings, createAzureWsOpenAI } from './create-azure-ws-openai';
export { NotSerializableModelError } from './errors/not-serializable-error';
export {
  SUPPORTED_OPENAI_RANGE,
  UnsupportedOpenAIVersionError,
} from './errors/unsupported-openai-version-error';
export type {
  WsOpenAIHttpReason,
  WsOpenAIRecovery,
  WsOpenAIStepMetadata,
} from './transport/transport-report';
export { VERSION } from './version';
export { METADATA_KEY, WsOpenAIResponsesLanguageModel } from './ws-openai-language-model';
export {
  createWsOpenAI,
  type WsOpenAIPrewarmOptions,
  type WsOpenAIProvider,
  wsOpenAI,
} from './ws-openai-provider';
export type {
  WebSocketImplementation,
  WsOpenAIHeaders,
  WsOpenAIHeadersSetting,
  WsOpenAIProviderSettings,
} from './ws-openai-settings';
