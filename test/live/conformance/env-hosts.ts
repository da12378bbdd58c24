import { createAzureWsOpenAI, createWsOpenAI } from '../../../src';
import { toWebSocketURL } from '../../../src/endpoint-urls';
import type { ConformanceHost } from './rule';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A host configured from the environment, or why it is skipped. */
export type HostRecipe = { readonly host: ConformanceHost } | { readonly skipped: string };

/** Cheap and without reasoning by default: the rules need protocol facts, not a clever answer. */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.4-nano';

/** Waits on a real host allow for queueing; only a host that never answers reaches them. */
const REMOTE_DEADLINE_MS = 90_000;

/**
 * OpenAI (or any host of its API at `OPENAI_BASE_URL`): `OPENAI_API_KEY`, optional `OPENAI_BASE_URL`,
 * `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, and `OPENAI_CONFORMANCE_MODEL` (default `gpt-5.4-nano`).
 */
export function openaiRecipe(env: Environment): HostRecipe {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) return { skipped: 'OPENAI_API_KEY is not set' };
  const baseURL = env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
  const organization = env.OPENAI_ORG_ID || undefined;
  const project = env.OPENAI_PROJECT_ID || undefined;
  return {
    host: {
      name: 'openai',
      wsURL: toWebSocketURL(baseURL),
      headers: {
        Authorization: `Bearer ${apiKey}`,
        ...(organization ? { 'OpenAI-Organization': organization } : {}),
        ...(project ? { 'OpenAI-Project': project } : {}),
      },
      model: env.OPENAI_CONFORMANCE_MODEL || DEFAULT_OPENAI_MODEL,
      deadlineMs: REMOTE_DEADLINE_MS,
      createProvider: (warn) => createWsOpenAI({ apiKey, baseURL, organization, project, warn }),
      close: async () => {},
    },
  };
}

/**
 * Azure OpenAI (v1 API): `AZURE_API_KEY`, `AZURE_DEPLOYMENT`, and `AZURE_RESOURCE_NAME` or
 * `AZURE_BASE_URL` (ending in `/openai/v1`). The raw socket authenticates as Azure's WebSocket-mode guide
 * shows (`Authorization: Bearer <key>`); `AZURE_WS_AUTH=api-key` sends the `api-key` header instead. The
 * provider rule uses `createAzureWsOpenAI` as a user would.
 */
export function azureRecipe(env: Environment): HostRecipe {
  const apiKey = env.AZURE_API_KEY;
  const deployment = env.AZURE_DEPLOYMENT;
  const baseURL =
    env.AZURE_BASE_URL ||
    (env.AZURE_RESOURCE_NAME ? `https://${env.AZURE_RESOURCE_NAME}.openai.azure.com/openai/v1` : undefined);
  const missing = [
    apiKey ? undefined : 'AZURE_API_KEY',
    deployment ? undefined : 'AZURE_DEPLOYMENT',
    baseURL ? undefined : 'AZURE_RESOURCE_NAME or AZURE_BASE_URL',
  ].filter((name) => name !== undefined);
  if (missing.length > 0 || !apiKey || !deployment || !baseURL)
    return { skipped: `${missing.join(', ')} not set` };
  return {
    host: {
      name: 'azure',
      wsURL: toWebSocketURL(baseURL),
      headers:
        env.AZURE_WS_AUTH === 'api-key' ? { 'api-key': apiKey } : { Authorization: `Bearer ${apiKey}` },
      model: deployment,
      deadlineMs: REMOTE_DEADLINE_MS,
      createProvider: (warn) => createAzureWsOpenAI({ baseURL, apiKey, warn }),
      close: async () => {},
    },
  };
}
