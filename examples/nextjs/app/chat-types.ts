import type { UIMessage } from 'ai';

/** What the route reports about each step, as a `data-step` part of the assistant message. */
export interface StepInfo {
  step: number;
  continued: boolean;
  transport: string;
  itemsSent: number;
  itemsTotal: number;
  bytesSent: number;
  latencyMs: number;
}

export type ChatMessage = UIMessage<unknown, { step: StepInfo }>;
