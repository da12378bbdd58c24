/**
 * The concurrency benchmark's contenders, as a server would set each up: one provider for the whole process,
 * shared by every conversation, with default settings.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createWsOpenAI } from '../src';
import { API_KEY, MODEL_ID } from './contenders';

export const CONCURRENCY_CONTENDERS = ['http', 'ws', 'ws-lanes'] as const;
export type ConcurrencyContenderId = (typeof CONCURRENCY_CONTENDERS)[number];

export const CONCURRENCY_CONTENDER_LABELS: Record<ConcurrencyContenderId, string> = {
  http: '@ai-sdk/openai over HTTP',
  ws: 'wsOpenAI (defaults)',
  'ws-lanes': 'wsOpenAI, lanes: 16',
};

/** Lanes per socket for the `ws-lanes` contender (the most OpenAI's guide allows). */
export const LANES = 16;

export interface ConcurrencyProvider {
  readonly model: LanguageModelV3;
  close(): Promise<void>;
}

export function createConcurrencyProvider(id: ConcurrencyContenderId, baseURL: string): ConcurrencyProvider {
  switch (id) {
    case 'http':
      return { model: createOpenAI({ baseURL, apiKey: API_KEY }).responses(MODEL_ID), close: async () => {} };
    case 'ws': {
      const provider = createWsOpenAI({ baseURL, apiKey: API_KEY });
      return { model: provider.responses(MODEL_ID), close: () => provider.close() };
    }
    case 'ws-lanes': {
      // Passed as a variable, not a literal, so that it type-checks before the provider declares `lanes`
      // (until then it is ignored, and this contender is the default one).
      const settings = { baseURL, apiKey: API_KEY, lanes: LANES };
      const provider = createWsOpenAI(settings);
      return { model: provider.responses(MODEL_ID), close: () => provider.close() };
    }
  }
}
