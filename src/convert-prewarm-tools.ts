import type {
  LanguageModelV3FunctionTool,
  LanguageModelV3ProviderTool,
  SharedV3ProviderOptions,
} from '@ai-sdk/provider';
import { asSchema, type FlexibleSchema } from '@ai-sdk/provider-utils';

/** AI SDK tools as passed to `streamText({ tools })`: function tools, or provider-defined ones. */
export type PrewarmTools = Record<
  string,
  | {
      type?: 'function' | 'dynamic';
      description?: string;
      inputSchema: FlexibleSchema<unknown>;
      inputExamples?: LanguageModelV3FunctionTool['inputExamples'];
      providerOptions?: SharedV3ProviderOptions;
      strict?: boolean;
    }
  | { type: 'provider'; id: `${string}.${string}`; args: Record<string, unknown> }
>;

/**
 * Converts tools to the model-level definitions `streamText` passes (mirroring the AI SDK's own
 * conversion), so the warm-up caches the very tool definitions the real steps send.
 */
export async function toModelTools(
  tools: PrewarmTools | undefined,
): Promise<Array<LanguageModelV3FunctionTool | LanguageModelV3ProviderTool> | undefined> {
  if (tools === undefined || Object.keys(tools).length === 0) return undefined;
  const converted: Array<LanguageModelV3FunctionTool | LanguageModelV3ProviderTool> = [];
  for (const [name, tool] of Object.entries(tools)) {
    if (tool.type === 'provider') {
      converted.push({ type: 'provider', name, id: tool.id, args: tool.args });
      continue;
    }
    converted.push({
      type: 'function',
      name,
      description: tool.description,
      inputSchema: (await asSchema(tool.inputSchema)
        .jsonSchema) as LanguageModelV3FunctionTool['inputSchema'],
      ...(tool.inputExamples != null ? { inputExamples: tool.inputExamples } : {}),
      providerOptions: tool.providerOptions,
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    });
  }
  return converted;
}
