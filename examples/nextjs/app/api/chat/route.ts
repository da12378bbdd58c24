import {
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  stepCountIs,
  streamText,
  wrapLanguageModel,
} from 'ai';
import { createWsOpenAI, type WsOpenAIProvider } from 'ai-sdk-openai-ws';
import type { ChatMessage, StepInfo } from '../../chat-types';
import { HTTP_WOULD_SEND, type HttpRequestSize, measureHttpRequest } from './http-would-send';
import { SYSTEM_PROMPT } from './system-prompt';
import { travelTools } from './travel-tools';

// WebSockets with custom headers need Node, not the Edge runtime.
export const runtime = 'nodejs';

const MODEL = process.env.OPENAI_MODEL ?? 'gpt-5.4';

/**
 * One provider per server process, shared by every request, so a conversation's next turn finds the
 * socket (and the server-side cache) its last turn left. Kept on globalThis so dev-mode reloads reuse it.
 * Without OPENAI_API_KEY it talks to OPENAI_BASE_URL if set, else to an emulator started in-process.
 */
const shared = globalThis as typeof globalThis & { chatProvider?: Promise<WsOpenAIProvider> };

function provider(): Promise<WsOpenAIProvider> {
  shared.chatProvider ??= (async () => {
    if (process.env.OPENAI_API_KEY) return createWsOpenAI();
    if (process.env.OPENAI_BASE_URL) return createWsOpenAI({ apiKey: 'sk-emulator' });
    const { createResponsesEmulator } = await import('ai-sdk-openai-ws/testing');
    const emulator = await createResponsesEmulator();
    console.log(`No OPENAI_API_KEY: using an in-process Responses emulator at ${emulator.baseURL}`);
    return createWsOpenAI({ apiKey: 'sk-emulator', baseURL: emulator.baseURL });
  })();
  return shared.chatProvider;
}

/**
 * What the page shows when a request fails: the error's own message (the AI SDK's default is "An error
 * occurred."), since the provider's messages say what to do and never carry the API key.
 */
function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function POST(request: Request) {
  const { messages }: { messages: ChatMessage[] } = await request.json();
  const openai = await provider();

  const stream = createUIMessageStream<ChatMessage>({
    execute: async ({ writer }) => {
      let stepStarted = performance.now();
      let step = 0;
      const result = streamText({
        // The middleware only measures what @ai-sdk/openai over HTTP would have posted, for the page;
        // `openai(MODEL)` alone is the whole setup.
        model: wrapLanguageModel({ model: openai(MODEL), middleware: measureHttpRequest(MODEL) }),
        system: SYSTEM_PROMPT,
        messages: await convertToModelMessages(messages),
        tools: travelTools,
        stopWhen: stepCountIs(5),
        onStepStart: () => {
          stepStarted = performance.now();
        },
        onStepEnd: (finished) => {
          const ws = finished.providerMetadata?.['openai-ws'] as Record<string, unknown> | undefined;
          const http = finished.providerMetadata?.[HTTP_WOULD_SEND] as HttpRequestSize | undefined;
          const info: StepInfo = {
            step: ++step,
            continued: ws?.continued === true,
            transport: String(ws?.transport ?? 'unknown'),
            itemsSent: Number(ws?.inputItemsSent ?? 0),
            itemsTotal: Number(ws?.inputItemsTotal ?? 0),
            bytesSent: Number(ws?.bytesSent ?? 0),
            httpItems: http?.inputItems ?? 0,
            httpBytes: http?.bytes ?? 0,
            latencyMs: Math.round(performance.now() - stepStarted),
          };
          writer.write({ type: 'data-step', data: info });
        },
      });
      writer.merge(result.toUIMessageStream({ onError: errorMessage }));
    },
    onError: errorMessage,
  });
  return createUIMessageStreamResponse({ stream });
}
