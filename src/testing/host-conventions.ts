import type { IncomingMessage } from 'node:http';
import { bearerKey } from './request-headers';
import type { RequestError } from './response-state';

/** One way a host accepts credentials. */
export type AuthConvention =
  /** `Authorization: Bearer KEY` (OpenAI, xAI, Vercel AI Gateway, Azure with an Entra ID token). */
  | { readonly kind: 'bearer' }
  /** A named header whose whole value is the key (Azure's `api-key`, a gateway's `x-gateway-key`). */
  | { readonly kind: 'header'; readonly name: string }
  /**
   * A WebSocket subprotocol `PREFIX + KEY` (e.g. `openai-insecure-api-key.`); WebSocket only. The server
   * selects the first other subprotocol offered, so the client must offer one besides the credential.
   */
  | { readonly kind: 'subprotocol'; readonly prefix: string };

/** What a host other than api.openai.com expects of a request, enforced on every upgrade and POST. */
export interface HostConventions {
  /** Path of `POST …/responses`, and of the socket unless `webSocketPath` is set. @default '/v1/responses' */
  readonly responsesPath?: string;
  /** Path of the socket endpoint, when the host serves it elsewhere. @default responsesPath */
  readonly webSocketPath?: string;
  /** Query parameters every upgrade and POST must carry, with these values (a 400 otherwise). @default {} */
  readonly requiredQuery?: Readonly<Record<string, string>>;
  /**
   * Accepted ways to authenticate; any one passes (a 401 otherwise). `[]`: the host asks for no credentials
   * (a local proxy), and every connection shares one key for `connectionLimit`. @default [{ kind: 'bearer' }]
   */
  readonly auth?: readonly AuthConvention[];
  /**
   * Whether the host serves `stream_id` lanes. `false` plays a gateway that documents "one in-flight response
   * per connection, no multiplexing": a `response.create` carrying `stream_id` is answered with an error frame
   * (400 `unknown_parameter`, param `stream_id`) before `response.created`. @default true
   */
  readonly lanes?: boolean;
  /**
   * Fields the host refuses together with `previous_response_id` (xAI refuses `instructions`): such a request
   * is answered with a 400 `invalid_request_error` before `response.created`, on either transport; nothing
   * runs and no cached response is evicted. @default []
   */
  readonly refusedWithPreviousResponseId?: readonly string[];
}

/** Limits of a key from `emulator.issueKey`; past either, the key is refused as expired (401). */
export interface KeyLimits {
  /** Upgrades plus HTTP requests the key authenticates. @default unlimited */
  readonly uses?: number;
  /** Milliseconds from issue after which the key is refused. An open socket is not closed. @default unlimited */
  readonly ttlMs?: number;
}

/** One authenticated (or refused) upgrade or POST, as the server saw it. */
export interface AuthRecord {
  readonly transport: 'ws' | 'http';
  /**
   * How it authenticated (`'bearer'`: `Authorization: Bearer`; `'header'`: a named header such as Azure's
   * `api-key`); unset when no credential was found or the host asks for none.
   */
  readonly via?: AuthConvention['kind'];
  readonly key?: string;
  readonly outcome: 'accepted' | 'missing' | 'invalid' | 'expired';
}

interface IssuedKey {
  readonly expiresAt: number;
  usesLeft: number;
}

let issued = 0;

/**
 * The emulator's front door for one host: which paths it serves, which query parameters it requires, how
 * it authenticates and which keys are still valid. Without conventions it is OpenAI's: `/v1/responses`
 * and a Bearer key from `apiKeys`.
 */
export class HostGate {
  /** Every upgrade and POST that reached the auth check, in order. */
  readonly log: AuthRecord[] = [];
  private readonly keys = new Map<string, IssuedKey>();
  private readonly auth: readonly AuthConvention[];

  constructor(
    private readonly conventions: HostConventions = {},
    private readonly apiKeys: readonly string[] | 'any' = 'any',
  ) {
    this.auth = conventions.auth ?? [{ kind: 'bearer' }];
  }

  /** The path a request must use, per transport. */
  path(transport: 'ws' | 'http'): string {
    const responses = this.conventions.responsesPath ?? '/v1/responses';
    return transport === 'ws' ? (this.conventions.webSocketPath ?? responses) : responses;
  }

  /** A fresh key, valid within `limits` whatever `apiKeys` says. */
  issueKey(limits: KeyLimits = {}): string {
    const key = `tok-${++issued}-${Math.random().toString(36).slice(2, 10)}`;
    this.keys.set(key, {
      expiresAt: Date.now() + (limits.ttlMs ?? Number.POSITIVE_INFINITY),
      usesLeft: limits.uses ?? Number.POSITIVE_INFINITY,
    });
    return key;
  }

  /** Ends a key's validity now (an issued key, or one of `apiKeys`): later upgrades and POSTs with it get a 401. */
  expireKey(key: string): void {
    this.keys.set(key, { expiresAt: 0, usesLeft: 0 });
  }

  /**
   * Query and credentials of a request on the right path: the key it authenticated with (undefined when the
   * host asks for none), or the error to answer.
   */
  admit(
    request: IncomingMessage,
    transport: 'ws' | 'http',
  ):
    | { readonly ok: true; readonly key: string | undefined }
    | { readonly ok: false; readonly error: RequestError } {
    const query = new URL(request.url ?? '/', 'http://emulator').searchParams;
    for (const [name, value] of Object.entries(this.conventions.requiredQuery ?? {})) {
      if (query.get(name) !== value)
        return {
          ok: false,
          error: {
            status: 400,
            type: 'invalid_request_error',
            code: 'missing_required_parameter',
            message: `Missing or wrong query parameter: '${name}'.`,
            param: name,
          },
        };
    }
    if (this.auth.length === 0) {
      this.log.push({ transport, outcome: 'accepted' });
      return { ok: true, key: undefined };
    }
    const found = this.credential(request, transport);
    const outcome = found === undefined ? 'missing' : this.judge(found.key);
    this.log.push({ transport, ...found, outcome });
    if (outcome === 'accepted') return { ok: true, key: found!.key };
    return { ok: false, error: this.refusal(outcome) };
  }

  private refusal(outcome: Exclude<AuthRecord['outcome'], 'accepted'>): RequestError {
    return {
      status: 401,
      type: 'invalid_request_error',
      code: outcome === 'expired' ? 'expired_token' : 'invalid_api_key',
      message:
        outcome === 'expired'
          ? 'The access token has expired.'
          : outcome === 'missing'
            ? 'No credentials were provided.'
            : 'Incorrect API key provided.',
      param: null,
    };
  }

  /** `handleProtocols` for the WebSocket server: the first offered subprotocol that is not a credential. */
  selectProtocol(offered: ReadonlySet<string>): string | false {
    const prefixes = this.auth.flatMap((way) => (way.kind === 'subprotocol' ? [way.prefix] : []));
    for (const protocol of offered)
      if (!prefixes.some((prefix) => protocol.startsWith(prefix))) return protocol;
    return false;
  }

  private credential(
    request: IncomingMessage,
    transport: 'ws' | 'http',
  ): { via: AuthConvention['kind']; key: string } | undefined {
    for (const way of this.auth) {
      const key =
        way.kind === 'bearer'
          ? bearerKey(request)
          : way.kind === 'header'
            ? headerValue(request, way.name)
            : transport === 'ws'
              ? offeredProtocols(request)
                  .find((protocol) => protocol.startsWith(way.prefix))
                  ?.slice(way.prefix.length)
              : undefined;
      if (key !== undefined && key.trim() !== '') return { via: way.kind, key };
    }
    return undefined;
  }

  private judge(key: string): AuthRecord['outcome'] {
    const limited = this.keys.get(key);
    if (limited === undefined)
      return this.apiKeys === 'any' || this.apiKeys.includes(key) ? 'accepted' : 'invalid';
    if (limited.usesLeft <= 0 || Date.now() >= limited.expiresAt) return 'expired';
    limited.usesLeft--;
    return 'accepted';
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
}
