/**
 * What the inner model is told it is, as the first-party provider it replaces tells it: `openai`
 * (`@ai-sdk/openai`) or `azure` (`@ai-sdk/azure`), which decides where it reads `providerOptions` and
 * writes `providerMetadata`, and which file ids it takes as uploaded files.
 */
export interface InnerIdentity {
  readonly optionsKey: 'openai' | 'azure';
  readonly fileIdPrefixes: readonly string[];
}

export const OPENAI_IDENTITY: InnerIdentity = { optionsKey: 'openai', fileIdPrefixes: ['file-'] };
export const AZURE_IDENTITY: InnerIdentity = { optionsKey: 'azure', fileIdPrefixes: ['assistant-'] };
