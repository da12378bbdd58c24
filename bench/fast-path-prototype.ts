/**
 * A measurement, not a product: what a hand-written mapping from socket frames to stream parts would cost
 * per event, for the streaming benchmark's proposal row. wsOpenAI ships `@ai-sdk/openai`'s own mapping
 * (frames → SSE text → its parser, zod validation and mapper); this skips all of that for the one shape
 * the benchmark streams: a message's text deltas. It validates nothing and maps no usage, metadata or
 * other output type, so it is the lower bound of what such a fast path could cost, not a drop-in.
 */
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import WebSocket from 'ws';

interface FrameEvent {
  readonly type: string;
  readonly item?: { readonly type: string; readonly id: string };
  readonly item_id?: string;
  readonly delta?: string;
}

export function fastPathPrototypeModel(endpoints: { wsURL: string }, apiKey: string): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'bench.fast-path-prototype',
    modelId: 'gpt-bench',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('the prototype only streams')),
    doStream: async (options) => {
      // As wsOpenAI's socket: no compression, one response.create with the prompt's text.
      const socket = new WebSocket(endpoints.wsURL, {
        headers: { authorization: `Bearer ${apiKey}` },
        perMessageDeflate: false,
      });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      let controller!: ReadableStreamDefaultController<LanguageModelV3StreamPart>;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start: (c) => {
          controller = c;
        },
        cancel: () => socket.close(),
      });
      controller.enqueue({ type: 'stream-start', warnings: [] });
      socket.on('message', (data: Buffer) => {
        const event = JSON.parse(data.toString()) as FrameEvent;
        if (event.type === 'response.output_text.delta')
          controller.enqueue({ type: 'text-delta', id: event.item_id!, delta: event.delta! });
        else if (event.type === 'response.output_item.added' && event.item?.type === 'message')
          controller.enqueue({ type: 'text-start', id: event.item.id });
        else if (event.type === 'response.output_item.done' && event.item?.type === 'message')
          controller.enqueue({ type: 'text-end', id: event.item.id });
        else if (event.type === 'response.completed') {
          controller.enqueue({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: {
                total: undefined,
                noCache: undefined,
                cacheRead: undefined,
                cacheWrite: undefined,
              },
              outputTokens: { total: undefined, text: undefined, reasoning: undefined },
            },
          });
          controller.close();
          socket.close();
        }
      });
      const text = options.prompt
        .flatMap((message) => (message.role === 'user' ? message.content : []))
        .map((part) => (part.type === 'text' ? part.text : ''))
        .join('');
      socket.send(
        JSON.stringify({
          type: 'response.create',
          model: 'gpt-bench',
          input: [{ role: 'user', content: [{ type: 'input_text', text }] }],
        }),
      );
      return { stream };
    },
  };
}
