import type { UIMessage } from 'ai';

/** What the route reports about each step, as a `data-step` part of the assistant message. */
export interface StepInfo {
  step: number;
  continued: boolean;
  transport: string;
  /** Over the socket (`providerMetadata['openai-ws']`): input items sent, of all in the conversation. */
  itemsSent: number;
  itemsTotal: number;
  /** Over the socket: bytes of the `response.create` frame. */
  bytesSent: number;
  /** What `@ai-sdk/openai` over HTTP would have posted for the same step: its body's input items and bytes. */
  httpItems: number;
  httpBytes: number;
  latencyMs: number;
}

export type ChatMessage = UIMessage<unknown, { step: StepInfo }>;
