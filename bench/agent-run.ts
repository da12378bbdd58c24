/** Runs one agent conversation with one contender and records per-step client-side timings. */
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { stepCountIs, streamText } from 'ai';
import { type ContenderId, createContender } from './contenders';
import { agentTools, finalAnswer, SYSTEM_PROMPT, TOOL_OUTPUT_BYTES, USER_PROMPT } from './scenario';

export interface StepTiming {
  /** From `doStream` being called to the first part that came from the server (`response-metadata`, …). */
  readonly ttfbMs: number;
  /** From `doStream` being called to the `finish` part. */
  readonly durationMs: number;
}

export interface ConversationResult {
  readonly endToEndMs: number;
  readonly steps: readonly StepTiming[];
  /** Output tokens of each step, as the server reported them (the same for every contender). */
  readonly outputTokens: readonly number[];
  /** `providerMetadata['openai-ws']` of each step (wsOpenAI only). */
  readonly stepMetadata: readonly (Record<string, unknown> | undefined)[];
}

interface MutableTiming {
  start: number;
  firstByte: number;
  end: number;
}

/** Wraps a model so each `doStream` records when it was called, its first server part and its finish. */
function instrument(model: LanguageModelV3, timings: MutableTiming[]): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: (options) => model.doGenerate(options),
    doStream: async (options) => {
      const timing: MutableTiming = { start: performance.now(), firstByte: Number.NaN, end: Number.NaN };
      timings.push(timing);
      const result = await model.doStream(options);
      return {
        ...result,
        stream: result.stream.pipeThrough(
          new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
            transform(part, controller) {
              if (Number.isNaN(timing.firstByte) && part.type !== 'stream-start')
                timing.firstByte = performance.now();
              if (part.type === 'finish') timing.end = performance.now();
              controller.enqueue(part);
            },
          }),
        ),
      };
    },
  };
}

export async function runConversation(
  contenderId: ContenderId,
  endpoints: { baseURL: string; wsURL: string },
  steps: number,
  toolOutputBytes = TOOL_OUTPUT_BYTES,
): Promise<ConversationResult> {
  const contender = createContender(contenderId, endpoints);
  const timings: MutableTiming[] = [];
  try {
    const start = performance.now();
    const result = streamText({
      model: instrument(contender.model, timings),
      system: SYSTEM_PROMPT,
      prompt: USER_PROMPT,
      tools: agentTools(toolOutputBytes),
      stopWhen: stepCountIs(steps),
      maxRetries: 0,
      // The same request for every contender: no server-side storage (ZDR-style), so every item is sent
      // in full (no `item_reference`), and wsOpenAI's default matches.
      providerOptions: { openai: { store: false } },
    });
    let streamError: unknown;
    await result.consumeStream({ onError: (error) => (streamError ??= error) });
    const text = await result.text;
    const allSteps = await result.steps;
    const endToEndMs = performance.now() - start;
    if (streamError !== undefined) throw streamError;
    if (allSteps.length !== steps || text !== finalAnswer(steps - 1)) {
      throw new Error(
        `${contenderId}: expected ${steps} steps ending with the final answer, got ${allSteps.length} steps and ${JSON.stringify(text.slice(0, 80))}`,
      );
    }
    return {
      endToEndMs,
      steps: timings.map((t) => ({ ttfbMs: t.firstByte - t.start, durationMs: t.end - t.start })),
      outputTokens: allSteps.map((step) => step.usage.outputTokens ?? 0),
      stepMetadata: allSteps.map(
        (step) => step.providerMetadata?.['openai-ws'] as Record<string, unknown> | undefined,
      ),
    };
  } finally {
    await contender.close();
  }
}
