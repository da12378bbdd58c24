import { parseArgs } from 'node:util';
import { AZURE_HOST_CONVENTIONS } from './azure-host-conventions';
import type { ResponsesEmulatorOptions } from './create-responses-emulator';
import type { TimingOptions } from './emulator-types';
import type { HostConventions } from './host-conventions';
import { replayModel } from './replay-model';

export const EMULATOR_CLI_USAGE = `Usage: openai-responses-emulator [options]

Serves the OpenAI Responses API (WebSocket mode and HTTP) on loopback. Point a client at the printed
baseURL (OPENAI_BASE_URL=...). Timing options are off unless given.

  --port N                       port; 0 picks a free one (default 4010)
  --host HOST                    interface (default 127.0.0.1)
  --api-key KEY                  accept only this bearer key; repeat for more (default: any non-empty key)
  --queue fifo|reject            a response.create while one is in flight: queued, or 409 (default fifo)
  --lifetime-ms N|Infinity       WebSocket connection lifetime (default 3600000)
  --replay FILE                  serve a recorded *.chunks.txt (one JSON event a line) instead of the demo model
  --per-request-ms N             server cost per request, before response.created
  --per-uncached-input-byte-ms N server cost per byte of input the server had not cached
  --ttft-ms N                    time to first token
  --tokens-per-second N          output speed
  --latency-ms N                 latency added to every server frame
  --handshake-ms N               latency added to every upgrade and new HTTP connection
  --connections-per-key N        open WebSocket connections one key may hold (default: no limit)
  --connection-limit-answer error-frame|refuse-upgrade
                                 how a connection over that limit is refused: its first response.create
                                 gets websocket_connection_limit_reached, or the upgrade a 429 (default error-frame)
  --max-client-frame-bytes N|Infinity
                                 a bigger client frame closes the socket with 1009 (default 104857600)
  --host-conventions openai|azure
                                 paths and auth: OpenAI's, or Azure's v1 (/openai/v1/responses,
                                 Bearer or api-key) (default openai)
  --no-lanes                     refuse stream_id (400 unknown_parameter), as a gateway without lanes does
  --refuse-with-previous-response-id FIELD
                                 refuse FIELD together with previous_response_id (400), as xAI does with
                                 instructions; repeat for more
  --quiet                        no log line per request (default: one line each, on stdout)
  -h, --help                     this text`;

/** A command line the emulator cannot run with: the message is for the user, the exit code is 2. */
export class EmulatorCliUsageError extends Error {}

/** What a command line asks for: the emulator's options and the program's own. */
export interface EmulatorCliArgs {
  readonly emulator: ResponsesEmulatorOptions;
  /** No log line per request. @default false */
  readonly quiet: boolean;
}

/** What a command line asks for, or `'help'`. Throws EmulatorCliUsageError on a bad one. */
export function parseEmulatorCliArgs(args: readonly string[]): EmulatorCliArgs | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new EmulatorCliUsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const number = (flag: string, rule: (value: number) => boolean, expected: string) => {
    const text = values[flag as keyof typeof values] as string | undefined;
    if (text === undefined) return undefined;
    // Number('') is 0 and Number('0x10') is 16: only a plain decimal (or Infinity, where the rule allows it) passes.
    const value = /^(\d+(\.\d+)?|Infinity)$/.test(text) ? Number(text) : Number.NaN;
    if (!rule(value)) throw new EmulatorCliUsageError(`--${flag} must be ${expected}, got '${text}'`);
    return value;
  };
  const nonNegative = (flag: string) => number(flag, (v) => Number.isFinite(v) && v >= 0, 'a number ≥ 0');

  const queue = values.queue;
  if (queue !== undefined && queue !== 'fifo' && queue !== 'reject')
    throw new EmulatorCliUsageError(`--queue must be fifo or reject, got '${queue}'`);

  const perRequestMs = nonNegative('per-request-ms');
  const perUncachedInputByteMs = nonNegative('per-uncached-input-byte-ms');
  const perFrameMs = nonNegative('latency-ms');
  const handshakeMs = nonNegative('handshake-ms');
  const outputTokensPerSecond = number(
    'tokens-per-second',
    (v) => Number.isFinite(v) && v > 0,
    'a number > 0',
  );
  const timeToFirstTokenMs = nonNegative('ttft-ms');
  const timing: TimingOptions = {
    ...(outputTokensPerSecond === undefined ? {} : { outputTokensPerSecond }),
    ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
    ...(perRequestMs === undefined && perUncachedInputByteMs === undefined
      ? {}
      : { serverCost: { perRequestMs, perUncachedInputByteMs } }),
    ...(perFrameMs === undefined && handshakeMs === undefined
      ? {}
      : { latency: { perFrameMs, handshakeMs } }),
  };

  const lifetime = number('lifetime-ms', (v) => v >= 0, 'a number ≥ 0 or Infinity');
  const maxClientFrameBytes = number('max-client-frame-bytes', (v) => v >= 0, 'a number ≥ 0 or Infinity');
  const perKey = number('connections-per-key', (v) => Number.isInteger(v), 'an integer ≥ 0');
  const answer = values['connection-limit-answer'];
  if (answer !== undefined && answer !== 'error-frame' && answer !== 'refuse-upgrade')
    throw new EmulatorCliUsageError(
      `--connection-limit-answer must be error-frame or refuse-upgrade, got '${answer}'`,
    );
  if (answer !== undefined && perKey === undefined)
    throw new EmulatorCliUsageError('--connection-limit-answer needs --connections-per-key');
  const hostConventions = cliHostConventions(
    values['host-conventions'],
    values['no-lanes'] === true,
    values['refuse-with-previous-response-id'],
  );
  const port = number('port', (v) => Number.isInteger(v) && v >= 0 && v <= 65_535, 'a port (0 to 65535)');

  let model: ResponsesEmulatorOptions['model'];
  if (values.replay !== undefined) {
    try {
      model = replayModel(values.replay);
    } catch (error) {
      throw new EmulatorCliUsageError(`--replay ${values.replay}: ${(error as Error).message}`);
    }
  }
  return {
    emulator: {
      port: port ?? 4010,
      host: values.host,
      ...(values['api-key'] === undefined ? {} : { apiKeys: values['api-key'] }),
      ...(queue === undefined ? {} : { queue }),
      ...(lifetime === undefined ? {} : { connectionLifetimeMs: lifetime }),
      ...(model === undefined ? {} : { model }),
      ...(perKey === undefined
        ? {}
        : { connectionLimit: { perKey, ...(answer === undefined ? {} : { answer }) } }),
      ...(maxClientFrameBytes === undefined ? {} : { maxClientFrameBytes }),
      ...(hostConventions === undefined ? {} : { hostConventions }),
      timing,
    },
    quiet: values.quiet === true,
  };
}

/** The host conventions a command line asks for; undefined for OpenAI's, unchanged. */
function cliHostConventions(
  preset: string | undefined,
  noLanes: boolean,
  refused: string[] | undefined,
): HostConventions | undefined {
  if (preset !== undefined && preset !== 'openai' && preset !== 'azure')
    throw new EmulatorCliUsageError(`--host-conventions must be openai or azure, got '${preset}'`);
  const conventions: HostConventions = {
    ...(preset === 'azure' ? AZURE_HOST_CONVENTIONS : {}),
    ...(noLanes ? { lanes: false } : {}),
    ...(refused === undefined ? {} : { refusedWithPreviousResponseId: refused }),
  };
  return Object.keys(conventions).length === 0 ? undefined : conventions;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', multiple: true },
      queue: { type: 'string' },
      'lifetime-ms': { type: 'string' },
      replay: { type: 'string' },
      'per-request-ms': { type: 'string' },
      'per-uncached-input-byte-ms': { type: 'string' },
      'ttft-ms': { type: 'string' },
      'tokens-per-second': { type: 'string' },
      'latency-ms': { type: 'string' },
      'handshake-ms': { type: 'string' },
      'connections-per-key': { type: 'string' },
      'connection-limit-answer': { type: 'string' },
      'max-client-frame-bytes': { type: 'string' },
      'host-conventions': { type: 'string' },
      'no-lanes': { type: 'boolean' },
      'refuse-with-previous-response-id': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
