import type { JSONObject } from '@ai-sdk/provider';
import { type FetchFunction, loadOptionalSetting, withoutTrailingSlash } from '@ai-sdk/provider-utils';
import { toWebSocketURL, withSocketScheme } from './endpoint-urls';
import { invalidSetting } from './errors/invalid-setting';

/** A WebSocket constructor: `ws`'s `WebSocket`, or a WHATWG one whose init accepts `headers`. */
export type WebSocketImplementation = new (url: string, ...args: any[]) => unknown;

/** Header values; `undefined` leaves a header out. */
export type WsOpenAIHeaders = Record<string, string | undefined>;

/** Fixed headers, or a function that returns them (sync or async) before every request, so tokens refresh. */
export type WsOpenAIHeadersSetting = WsOpenAIHeaders | (() => WsOpenAIHeaders | PromiseLike<WsOpenAIHeaders>);

/** Settings of `createWsOpenAI`. Every option is optional; the defaults suit a long-running Node server. */
export interface WsOpenAIProviderSettings {
  /**
   * API key, sent as `Authorization: Bearer` in the WebSocket handshake (and the HTTP fallback), never in
   * errors, logs or metadata. Not sent when `headers` (or a call's headers) carry an `Authorization`
   * header. With an `api-key` header (Azure) or `protocols`, `OPENAI_API_KEY` is neither read nor sent.
   * With other `headers` it is sent as `@ai-sdk/openai` sends it, and a missing one is no error (the
   * headers may authenticate a gateway).
   * @default process.env.OPENAI_API_KEY
   */
  apiKey?: string;
  /**
   * HTTP base URL of the API: the HTTP fallback posts to `{baseURL}/responses`, and the socket URL is
   * derived from it (`https` → `wss`, plus `/responses`) unless `webSocketURL` is set. A query string is
   * kept on both (`https://gw/v1?tenant=a` → `wss://gw/v1/responses?tenant=a`). URLs appear in errors:
   * keep credentials in `headers` or `protocols`, not in the URL.
   * @default process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'
   */
  baseURL?: string;
  /**
   * The socket URL, used exactly as given (any path, any query string; `http(s)` is mapped to `ws(s)`),
   * for hosts whose socket endpoint is not `{baseURL}/responses` (e.g. `wss://gw.example/v1/responses/ws`).
   * The HTTP fallback still posts to `{baseURL}/responses`.
   * @default derived from `baseURL`
   */
  webSocketURL?: string;
  /**
   * WebSocket subprotocols to offer in the handshake (e.g. a gateway that authenticates with
   * `openai-insecure-api-key.<key>`). Part of the socket key, masked in errors like header values. HTTP
   * has no subprotocols: a host that authenticates only this way needs `headers` for the HTTP fallback
   * (or `fallback: 'none'`).
   * @default []
   */
  protocols?: readonly string[];
  /** `OpenAI-Organization` header. @default undefined */
  organization?: string;
  /** `OpenAI-Project` header. @default undefined */
  project?: string;
  /**
   * Extra headers for the handshake and the HTTP fallback, or a function (sync or async) returning them.
   * The function is called before every request (on a reused socket too, and for every fallback request):
   * return a fresh token there and it is picked up by the next socket, e.g. Entra ID through
   * `@azure/identity`'s `getBearerTokenProvider`, or a short-lived OIDC token. Sockets are keyed by the
   * resolved headers, so a new token opens new sockets; sockets opened with the previous headers finish
   * their response and are closed. It is meant for the provider's own credentials: per-caller
   * credentials belong in a call's `headers`, which key sockets without retiring anyone else's.
   * A call's `headers` override these; these override `apiKey`.
   * @default {}
   */
  headers?: WsOpenAIHeadersSetting;
  /** Provider name, the prefix of `model.provider`. @default 'openai-ws' */
  name?: string;
  /**
   * WebSocket implementation: `ws`'s `WebSocket`, or a WHATWG `WebSocket` that accepts
   * `{ headers }` in its init (undici's global `WebSocket` on Node 22+). A WHATWG socket exposes no TCP
   * handle and no refusal status: its idle sockets keep the process alive until `close()`, and a refused
   * upgrade counts as a failed one.
   * @default WebSocket from 'ws'
   */
  WebSocket?: WebSocketImplementation;
  /** `fetch` for the HTTP fallback. @default globalThis.fetch */
  fetch?: FetchFunction;
  /**
   * Continue each step from the socket's last completed response, sending only new items with
   * `previous_response_id`. `false` sends the full input every step (still over one socket).
   * @default true
   */
  incremental?: boolean;
  /**
   * Most sockets open at once, across all conversations of every provider with the same connection
   * settings in this process (they share one pool of sockets, as every `fetch` shares one dispatcher). A
   * safety net, not a throttle: a request never waits behind another conversation's response while a
   * socket can be opened, as over HTTP. What happens at the limit is `atConnectionLimit`'s choice.
   * @default 1_024
   */
  maxConnections?: number;
  /**
   * What a request does when no socket is free and none can be opened (`maxConnections`, or a host that
   * refused another socket: an error `websocket_connection_limit_reached` or an upgrade answered 429):
   * `'http'` sends it over HTTP at once (full input; its step metadata says why, `httpReason`); `'wait'`
   * waits for a lane to come free, up to `leaseTimeoutMs`, then fails with a retryable `APICallError`.
   * The default is `'wait'` when `fallback` is `'none'`.
   * @default 'http'
   */
  atConnectionLimit?: 'http' | 'wait';
  /** With `atConnectionLimit: 'wait'`: the longest wait for a free lane; then an `APICallError` (nothing was sent). @default 60_000 */
  leaseTimeoutMs?: number;
  /**
   * Lanes per socket: up to this many responses run at once on one socket, each with its own `stream_id`
   * (OpenAI's WebSocket-mode guide: requests of a lane run one after another, each lane keeps its latest
   * response for `previous_response_id`), each conversation continuing on its own lane. 1 turns lanes off
   * (no `stream_id` is sent). A host that refuses lanes (`invalid_stream_id`, `response_already_in_flight`,
   * an unknown `stream_id` parameter, or events without `stream_id`) turns them off for its URL and
   * credentials, with a one-time warning; the refused request is sent again without a lane. With lanes, an
   * aborted response runs on at the server until it ends when other lanes of its socket are busy (the
   * protocol has no per-response cancel, and closing the socket would end theirs).
   * At most 16, the guide's limit of responses in flight per socket.
   * @default 1
   */
  lanes?: number;
  /**
   * How long an idle lane keeps references to its conversation's items (compared mostly by reference,
   * so the next step costs little); after it, one digest per item, so that it keeps no history alive the
   * caller let go of. The conversation's next step continues on it either way, however long its tools
   * run. With `atConnectionLimit: 'wait'` it is also how long a lane whose response awaits tool results is
   * held for its conversation before a waiting request may take it.
   * @default 1_000
   */
  chainAffinityMs?: number;
  /** An idle socket is closed after this long; its server-side cache goes with it. @default 300_000 */
  idleTimeoutMs?: number;
  /**
   * Sockets are retired (between responses only) after this age (55 minutes), before the server's
   * 60-minute limit.
   * @default 3_300_000
   */
  maxConnectionAgeMs?: number;
  /**
   * Ping interval on every socket, idle or running a response (`ws` only; WHATWG sockets cannot ping, so
   * there a silent connection is found only by `eventTimeoutMs`). `0` turns pings off.
   * @default 30_000
   */
  heartbeatIntervalMs?: number;
  /**
   * A socket that neither answers a ping nor receives anything within this time is dropped, and its running
   * response fails (one that had not started is not sent again: the server may have taken it): a connection that went silent is found within `heartbeatIntervalMs` plus this. Pongs
   * come from the host's socket layer, so a long pause of the model is no silence.
   * @default 10_000
   */
  heartbeatTimeoutMs?: number;
  /** Longest WebSocket upgrade. @default 10_000 */
  handshakeTimeoutMs?: number;
  /**
   * Longest wait for a response's first event after `response.create` (a host may queue a request before
   * it starts it). As long as `eventTimeoutMs` unless set: over HTTP, undici waits as long for a response's
   * headers as between two chunks of its body.
   * @default eventTimeoutMs (300_000)
   */
  firstEventTimeoutMs?: number;
  /** Longest silence between two events of a running response. @default 300_000 */
  eventTimeoutMs?: number;
  /** Retries of a failed connection setup (nothing sent yet), with capped exponential backoff and jitter. @default 2 */
  setupRetries?: number;
  /**
   * Upper bound of the first backoff delay of setup retries (each delay is drawn between half its bound
   * and the bound, so that clients do not retry in step); doubles each retry.
   * @default 250
   */
  setupRetryDelayMs?: number;
  /** Cap of the setup backoff delay. @default 4_000 */
  setupRetryMaxDelayMs?: number;
  /**
   * What to do when WebSocket mode is unavailable: the upgrade is refused with a 4xx other than 401, 403,
   * 408 and 429 (typically 426 from a proxy) or answered with a page or redirect instead of the switch, or
   * setup fails `setupRetries + 1` times in a row (a 5xx answer to the upgrade is a failed setup). `'http'`
   * sends the request to `POST /responses` instead, with a one-time warning: after a refusal, every later
   * request with the same headers too; after repeated failures, those of the next `fallbackCooldownMs`.
   * `'none'` fails instead. A refusal with 401, 403, 408 or 429 is not about WebSocket mode: it fails at
   * once, as the `APICallError` @ai-sdk/openai gives for the same HTTP answer (status, the server's
   * message, body, retryability), and the AI SDK retries it exactly when it would over HTTP. Only `ws`
   * reveals a refusal's response; with a WHATWG `WebSocket` a refusal counts as a failure. A refused TCP
   * connection (`ECONNREFUSED`: nothing listens on that host and port) is no reason to fall back when
   * HTTP would go to the same host: it fails, after the setup retries, with a retryable `APICallError`
   * that says so.
   * @default 'http'
   */
  fallback?: 'http' | 'none';
  /**
   * After setup failed `setupRetries + 1` times in a row, requests go over HTTP (with `fallback: 'http'`)
   * for this long before WebSocket mode is tried again, so an unreachable socket endpoint does not cost
   * every request its retries. Also how long a host's connection limit is kept to (after it refused a
   * socket, no more sockets for those credentials than it had then).
   * @default 60_000
   */
  fallbackCooldownMs?: number;
  /** Where the one-time fallback warning goes. @default console.warn */
  warn?: (message: string) => void;
}

export type ResolvedSettings = Readonly<
  Required<
    Omit<WsOpenAIProviderSettings, 'apiKey' | 'organization' | 'project' | 'fetch' | 'headers' | 'WebSocket'>
  > & {
    apiKey: string | undefined;
    organization: string | undefined;
    project: string | undefined;
    fetch: FetchFunction | undefined;
    /** `undefined`: `ws` (`transport/websocket-port.ts` is the one place that knows it). */
    WebSocket: WebSocketImplementation | undefined;
    /** `undefined` when not set: then (and without `protocols`) `OPENAI_API_KEY` is the default key. */
    headers: WsOpenAIHeadersSetting | undefined;
    /** The settings as a workflow may persist them; `undefined` when they carry credentials. */
    serialized: JSONObject | undefined;
  }
>;

/**
 * Settings that carry credentials never cross a step boundary: a workflow persists what it serialises,
 * and a deserialised model reads its key from `OPENAI_API_KEY` where the step runs. That is the right key
 * only for a provider that took its key from `OPENAI_API_KEY` in the first place; one given an `apiKey`
 * (xAI's, a gateway's), `headers` (Azure's `api-key`, Entra ID, a gateway's token) or `protocols` could
 * only be restored by persisting them, or by sending `OPENAI_API_KEY` where it does not belong, so such a
 * model is not serialisable.
 */
const CREDENTIAL_SETTINGS: readonly string[] = ['apiKey', 'headers', 'protocols'];

/**
 * The provider settings a model carries in serialised form: strings, numbers and booleans, except those
 * that may hold credentials. Functions and constructors (`WebSocket`, `fetch`, `warn`) stay behind; the
 * step that deserialises uses the defaults. `undefined` when the provider was given credentials of its
 * own (see `CREDENTIAL_SETTINGS`).
 */
function serializableSettings(settings: WsOpenAIProviderSettings): JSONObject | undefined {
  const given = settings as Record<string, unknown>;
  // `headers: {}` and `protocols: []` are the defaults spelt out: they carry nothing.
  const carriesCredentials = (key: string) => given[key] !== undefined && !isEmptyObject(given[key]);
  if (CREDENTIAL_SETTINGS.some(carriesCredentials)) return undefined;
  const kept: JSONObject = {};
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'string' || typeof value === 'boolean') kept[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) kept[key] = value;
  }
  return kept;
}

/**
 * Reads every option once, so the rest of the code sees one resolved settings object, with the form a
 * workflow may persist (`serialized`: JSON, `baseURL` resolved, no credentials) made from the same read.
 */
export function resolveSettings(settings: WsOpenAIProviderSettings): ResolvedSettings {
  const baseURL =
    withoutTrailingSlash(
      loadOptionalSetting({ settingValue: settings.baseURL, environmentVariableName: 'OPENAI_BASE_URL' }),
    ) ?? 'https://api.openai.com/v1';
  const eventTimeoutMs = positive(settings.eventTimeoutMs, 300_000, 'eventTimeoutMs');
  return {
    apiKey: settings.apiKey,
    baseURL,
    webSocketURL:
      settings.webSocketURL === undefined
        ? toWebSocketURL(baseURL)
        : withSocketScheme(settings.webSocketURL, 'webSocketURL'),
    protocols: [...(settings.protocols ?? [])],
    organization: settings.organization,
    project: settings.project,
    // An empty object is the default, not headers that may authenticate a host (see `apiKey`).
    headers: isEmptyObject(settings.headers) ? undefined : settings.headers,
    name: settings.name ?? 'openai-ws',
    WebSocket: settings.WebSocket,
    fetch: settings.fetch,
    incremental: settings.incremental ?? true,
    maxConnections: positive(settings.maxConnections, 1_024, 'maxConnections'),
    atConnectionLimit: settings.atConnectionLimit ?? (settings.fallback === 'none' ? 'wait' : 'http'),
    leaseTimeoutMs: positive(settings.leaseTimeoutMs, 60_000, 'leaseTimeoutMs'),
    lanes: lanes(settings.lanes),
    chainAffinityMs: nonNegative(settings.chainAffinityMs, 1_000, 'chainAffinityMs'),
    idleTimeoutMs: positive(settings.idleTimeoutMs, 300_000, 'idleTimeoutMs'),
    maxConnectionAgeMs: positive(settings.maxConnectionAgeMs, 55 * 60_000, 'maxConnectionAgeMs'),
    heartbeatIntervalMs: nonNegative(settings.heartbeatIntervalMs, 30_000, 'heartbeatIntervalMs'),
    heartbeatTimeoutMs: positive(settings.heartbeatTimeoutMs, 10_000, 'heartbeatTimeoutMs'),
    handshakeTimeoutMs: positive(settings.handshakeTimeoutMs, 10_000, 'handshakeTimeoutMs'),
    firstEventTimeoutMs: positive(settings.firstEventTimeoutMs, eventTimeoutMs, 'firstEventTimeoutMs'),
    eventTimeoutMs,
    setupRetries: nonNegative(settings.setupRetries, 2, 'setupRetries'),
    setupRetryDelayMs: nonNegative(settings.setupRetryDelayMs, 250, 'setupRetryDelayMs'),
    setupRetryMaxDelayMs: nonNegative(settings.setupRetryMaxDelayMs, 4_000, 'setupRetryMaxDelayMs'),
    fallback: settings.fallback ?? 'http',
    fallbackCooldownMs: nonNegative(settings.fallbackCooldownMs, 60_000, 'fallbackCooldownMs'),
    warn: settings.warn ?? ((message) => console.warn(message)),
    serialized: serializableSettings({ ...settings, baseURL }),
  };
}

/** Responses in flight per socket that OpenAI's guide allows, so the most lanes a socket is given. */
const MAX_LANES = 16;

function lanes(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LANES)
    throw invalidSetting('lanes', `must be a whole number from 1 to ${MAX_LANES}, got ${value}`);
  return value;
}

/** The longest delay a Node timer keeps; a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2_147_483_647;

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw invalidSetting(name, `must be a positive number, got ${value}`);
  return atMostATimer(value, name);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw invalidSetting(name, `must be zero or more, got ${value}`);
  return atMostATimer(value, name);
}

function atMostATimer(value: number, name: string): number {
  if (value > MAX_TIMER_MS)
    throw invalidSetting(
      name,
      `must be at most ${MAX_TIMER_MS} (about 24.8 days, the longest Node timer), got ${value}`,
    );
  return value;
}

/**
 * `{}` or `[]`: a plain object or an array with no own keys. Anything else (a function, which says what it
 * returns later, or a `Headers` instance, whose entries are no own keys) is a value given.
 */
function isEmptyObject(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** An object literal (or one made with `Object.create(null)`): what a headers record is spelt as. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
