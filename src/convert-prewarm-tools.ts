import type { LanguageModelV3FunctionTool, LanguageModelV3ProviderTool } from '@ai-sdk/provider';
import { asSchema, type FlexibleSchema } from '@ai-sdk/provider-utils';

/**
 * AI SDK tools as passed to `streamText({ tools })`. Typed by shape rather than as `ToolSet`, so tools
 * built with any `ai` release (its own copy of provider-utils) fit.
 */
export type PrewarmTools = Record<string, PrewarmTool>;

export interface PrewarmTool {
  type?: 'function' | 'dynamic' | 'provider';
  description?: string;
  inputSchema?: unknown;
  inputExamples?: LanguageModelV3FunctionTool['inputExamples'];
  providerOptions?: LanguageModelV3FunctionTool['providerOptions'];
  strict?: boolean;
  id?: string;
  args?: Record<string, unknown>;
}

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
      converted.push({ type: 'provider', name, id: tool.id as `${string}.${string}`, args: tool.args ?? {} });
      continue;
    }
    if (tool.inputSchema === undefined) continue;
    converted.push({
      type: 'function',
      name,
      description: tool.description,
      inputSchema: (await asSchema(tool.inputSchema as FlexibleSchema<unknown>)
        .jsonSchema) as LanguageModelV3FunctionTool['inputSchema'],
      ...(tool.inputExamples != null ? { inputExamples: tool.inputExamples } : {}),
      providerOptions: tool.providerOptions,
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    });
  }
  return converted;
}
