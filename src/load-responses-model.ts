import { VERSION as INSTALLED_OPENAI_VERSION } from '@ai-sdk/openai';
import { OpenAIResponsesLanguageModel } from '@ai-sdk/openai/internal';
import { UnsupportedOpenAIVersionError } from './errors/unsupported-openai-version-error';

/** The majors of `SUPPORTED_OPENAI_RANGE`. */
const SUPPORTED_MAJORS = [3, 4];

/**
 * The Responses model of the `@ai-sdk/openai` the user installed. Its type is resolved in the user's
 * project too, so the declarations describe the V3 model under 3.x and the V4 model under 4.x.
 */
export type ResponsesModel = OpenAIResponsesLanguageModel;
export type ResponsesModelConfig = ConstructorParameters<typeof OpenAIResponsesLanguageModel>[1];

/**
 * Checks the installed version against the supported range. Called when a provider is created, so a
 * mismatch fails there with a message naming both, not later inside a request.
 */
export function checkOpenAIVersion(version: string = INSTALLED_OPENAI_VERSION): void {
  const major = Number(/^(\d+)\.\d+\.\d+/.exec(String(version))?.[1]);
  if (!SUPPORTED_MAJORS.includes(major)) {
    throw new UnsupportedOpenAIVersionError(
      String(version),
      'install a supported major (npm install @ai-sdk/openai@4 for ai@7, @ai-sdk/openai@3 for ai@6)',
    );
  }
}

/**
 * Builds the installed `@ai-sdk/openai`'s Responses model with our transport as its `fetch`. The model is
 * internal API (`@ai-sdk/openai/internal`): if a release stops taking the config as given, our socket
 * would silently not be used, so that is checked on every construction (a property read).
 */
export function createResponsesModel(modelId: string, config: ResponsesModelConfig): ResponsesModel {
  const model = new OpenAIResponsesLanguageModel(modelId, config);
  const taken = (model as unknown as { config?: { fetch?: unknown } }).config?.fetch;
  if (taken !== config.fetch || !['v3', 'v4'].includes(model.specificationVersion)) {
    throw new UnsupportedOpenAIVersionError(
      INSTALLED_OPENAI_VERSION,
      'its internal OpenAIResponsesLanguageModel no longer accepts a custom fetch',
    );
  }
  return model;
}

/** The specification version ('v3' or 'v4') of the installed `@ai-sdk/openai`'s models. */
export const installedSpecificationVersion = (): ResponsesModel['specificationVersion'] =>
  new OpenAIResponsesLanguageModel('', {
    provider: 'openai.responses',
    url: () => '',
    headers: () => ({}),
  }).specificationVersion;
