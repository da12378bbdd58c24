import type { EmulatorModel, Item, ModelTurnInput, OutputSpec } from '../../src/testing';

/**
 * Scripted models for the parity scenarios. Their answers are functions of the effective input, so a
 * server that saw something different also answers differently, and the app-visible text shows it.
 */

/** The items after the last user message. */
export function sinceLastUser(input: readonly Item[]): readonly Item[] {
  let last = input.length - 1;
  while (last >= 0 && input[last]!.role !== 'user') last--;
  return input.slice(last + 1);
}

/** A short, deterministic digest of what the model saw: item count and the kinds of the items. */
export function digest(input: readonly Item[]): string {
  const kinds = input.map((item) => String(item.role ?? item.type));
  return `saw ${input.length} items: ${kinds.join(',')}`;
}

export interface AgentScriptOptions {
  /** Reasoning items before each output, with a summary. @default false */
  readonly reasoning?: boolean;
  /** Tool calls per step while calling. @default [{ name: 'lookup', arguments: '{"q":"x"}' }] */
  readonly calls?: readonly { name: string; arguments: string }[];
  /** Steps with tool calls per user turn. @default 1 */
  readonly toolSteps?: number;
}

/** Calls tools for `toolSteps` steps after each user message, then answers with a digest of the input. */
export function agentScript(options: AgentScriptOptions = {}): () => EmulatorModel {
  const calls = options.calls ?? [{ name: 'lookup', arguments: '{"q":"x"}' }];
  const toolSteps = options.toolSteps ?? 1;
  return () =>
    ({ input }: ModelTurnInput) => {
      const done = sinceLastUser(input).filter((item) => item.type === 'function_call_output').length;
      const reasoning: OutputSpec[] = options.reasoning
        ? [{ type: 'reasoning', summary: [`thinking after ${input.length} items`] }]
        : [];
      if (done < toolSteps * calls.length) {
        return {
          output: [...reasoning, ...calls.map((call) => ({ type: 'function_call' as const, ...call }))],
        };
      }
      return { output: [...reasoning, { type: 'message', text: digest(input) }] };
    };
}

/** Answers every turn with a digest of its input: enough for single-step scenarios. */
export function echoScript(): () => EmulatorModel {
  return () =>
    ({ input }) => ({ output: [{ type: 'message', text: digest(input) }] });
}
