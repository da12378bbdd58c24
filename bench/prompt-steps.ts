import type { LanguageModelV3Prompt } from '@ai-sdk/provider';

/**
 * Appends one agent step to a prompt, as the AI SDK's loop does: the assistant's tool call, then the
 * tool's text result. Shared by the micro-benchmarks that drive `doStream` directly.
 */
export function appendToolStep(
  prompt: LanguageModelV3Prompt,
  call: { toolCallId: string; toolName: string; input: string },
  output: string,
) {
  prompt.push(
    {
      role: 'assistant',
      content: [
        {
          type: 'tool-call',
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          input: JSON.parse(call.input),
        },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output: { type: 'text', value: output },
        },
      ],
    },
  );
}
