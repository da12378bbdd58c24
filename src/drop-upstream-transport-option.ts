import { warnOnce } from './transport/warn-once';

/** Provider options as the AI SDK passes them: options per provider key. */
type ProviderOptions = Record<string, Record<string, unknown> | undefined>;

/**
 * `providerOptions.openai.transport` is `@ai-sdk/openai`'s own switch between HTTP and a WebSocket
 * transport of its own (vercel/ai#18076, a draft: `transport: 'websocket'`). Under this provider the
 * inner `@ai-sdk/openai` model always posts to our transport, so the option means nothing here, and a
 * release that validates or acts on it must not see it: it is dropped (under `openai` and, for Azure,
 * `azure`), with a one-time note, so an app that copies an upstream example keeps working.
 */
export function dropUpstreamTransportOption<Options extends { providerOptions?: ProviderOptions }>(
  options: Options,
  warn: (message: string) => void,
): Options {
  const providerOptions = options.providerOptions;
  if (providerOptions === undefined) return options;
  const dropped = ['openai', 'azure'].filter((key) => providerOptions[key]?.transport !== undefined);
  if (dropped.length === 0) return options;
  warnOnce(
    warn,
    'upstream transport option',
    `ai-sdk-openai-ws: providerOptions.${dropped[0]}.transport is @ai-sdk/openai's own transport switch; this provider always sends over its WebSocket transport (with its HTTP fallback), so the option is ignored.`,
  );
  const cleaned = { ...providerOptions };
  for (const key of dropped) {
    const { transport: _ignored, ...rest } = providerOptions[key]!;
    cleaned[key] = rest;
  }
  return { ...options, providerOptions: cleaned };
}
