// Type-checked with strict settings against the installed package (no runtime).
import { createProviderRegistry, stepCountIs, streamText, tool } from 'ai';
import {
  createWsOpenAI,
  type WsOpenAIProviderSettings,
  type WsOpenAIStepMetadata,
  wsOpenAI,
} from 'ai-sdk-openai-ws';
import {
  createResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from 'ai-sdk-openai-ws/testing';
import { z } from 'zod';

const settings: WsOpenAIProviderSettings = { maxConnections: 4, incremental: true, fallback: 'http' };
const provider = createWsOpenAI(settings);
const options: ResponsesEmulatorOptions = {
  model: scriptedModel(() => ({ output: [{ type: 'message', text: 'hi' }] })),
};

export async function run(): Promise<WsOpenAIStepMetadata | undefined> {
  const emulator = await createResponsesEmulator(options);
  const result = streamText({
    model: provider('gpt-5.4'),
    tools: { echo: tool({ inputSchema: z.object({ text: z.string() }), execute: async ({ text }) => text }) },
    stopWhen: stepCountIs(3),
    prompt: 'hi',
  });
  await result.consumeStream();
  await provider.prewarm('gpt-5.4', { system: 'be brief' });
  await emulator.close();
  const metadata = (await result.steps)[0]?.providerMetadata?.['openai-ws'];
  return metadata as unknown as WsOpenAIStepMetadata | undefined;
}

export const defaultModel = wsOpenAI('gpt-5.4');
// A ProviderV3 for ai@6's registry, a ProviderV4 for ai@7's.
export const registry = createProviderRegistry({ ws: provider });
export const fromRegistry = registry.languageModel('ws:gpt-5.4');
