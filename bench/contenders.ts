/**
 * The four contenders, each a fresh provider instance per conversation (so every run starts cold: one
 * WebSocket upgrade for the socket-based ones, a new keep-alive connection for HTTP when the old one expired).
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createWebSocketFetch } from '@vercel/ai-sdk-openai-websocket-fetch';
import { createWsOpenAI } from '../src';

export const CONTENDERS = ['http', 'shim', 'ws-full', 'ws-incremental'] as const;
export type ContenderId = (typeof CONTENDERS)[number];

export const CONTENDER_LABELS: Record<ContenderId, string> = {
  http: '@ai-sdk/openai over HTTP',
  shim: '@ai-sdk/openai + websocket-fetch',
  'ws-full': 'wsOpenAI, incremental: false',
  'ws-incremental': 'wsOpenAI (incremental)',
};

export const MODEL_ID = 'gpt-bench';
export const API_KEY = 'sk-bench';

export interface Contender {
  readonly model: LanguageModelV3;
  close(): Promise<void>;
}

/** `chainAffinityMs` (wsOpenAI only): how long a released socket compares the next step by its items. */
export function createContender(
  id: ContenderId,
  endpoints: { baseURL: string; wsURL: string },
  options: { chainAffinityMs?: number } = {},
): Contender {
  switch (id) {
    case 'http': {
      const openai = createOpenAI({ baseURL: endpoints.baseURL, apiKey: API_KEY });
      return { model: openai.responses(MODEL_ID), close: async () => {} };
    }
    case 'shim': {
      const wsFetch = createWebSocketFetch({ url: endpoints.wsURL });
      const openai = createOpenAI({ baseURL: endpoints.baseURL, apiKey: API_KEY, fetch: wsFetch });
      return { model: openai.responses(MODEL_ID), close: async () => wsFetch.close() };
    }
    case 'ws-full':
    case 'ws-incremental': {
      const provider = createWsOpenAI({
        baseURL: endpoints.baseURL,
        apiKey: API_KEY,
        incremental: id === 'ws-incremental',
        fallback: 'none',
        chainAffinityMs: options.chainAffinityMs,
      });
      return { model: provider.responses(MODEL_ID), close: () => provider.close() };
    }
  }
}
