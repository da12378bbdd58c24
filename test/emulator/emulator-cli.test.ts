/** The standalone emulator program: its flags, as parsed and as a running process serves them. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEmulatorCliArgs } from '../../src/testing/emulator-cli-options';
import { connectRaw, requestJson, responseCreate } from './raw-client';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'openai-local-shell-tool.1.chunks.txt');
const children = new Set<ChildProcess>();

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testing/emulator-cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** The baseURL and the WebSocket URL printed on the 'listening' line. */
    listening: () =>
      new Promise<{ baseURL: string; wsURL: string }>((resolve, reject) => {
        const check = () => {
          const urls = /listening: baseURL (\S+) \(WebSocket (\S+)\)/.exec(stdout);
          if (urls !== null) resolve({ baseURL: urls[1]!, wsURL: urls[2]! });
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
        check();
      }),
  };
}

afterEach(() => {
  for (const child of children)
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid);
  children.clear();
});

describe('emulator CLI', () => {
  it('serves a replayed fixture over HTTP as recorded, with the api keys it was given', async () => {
    const cli = runCli([
      '--port',
      '0',
      '--replay',
      fixture,
      '--api-key',
      'sk-cli',
      '--queue',
      'reject',
      '--lifetime-ms',
      'Infinity',
      '--per-request-ms',
      '1',
      '--ttft-ms',
      '1',
    ]);
    const { baseURL } = await cli.listening();
    const recorded = readFileSync(fixture, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    const request = { model: 'gpt-5.4', input: 'hi' };
    // Not streamed, the answer is the recording's final response.
    expect(await requestJson(`${baseURL}/responses`, { body: request, apiKey: 'sk-cli' })).toEqual({
      status: 200,
      body: recorded.at(-1).response,
    });
    const wrongKey = await requestJson(`${baseURL}/responses`, { body: request, apiKey: 'sk-other' });
    expect(wrongKey.status).toBe(401);

    // One line per request that reached the model (the 401 was refused before): transport, items, bytes, outcome, id.
    const lines = cli
      .output()
      .stdout.split('\n')
      .filter((line) => /^\d\d:\d\d:\d\d\.\d{3} #/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ #0 http items=1 bytes=\d+ completed resp_\w+$/);

    process.kill(cli.child.pid!, 'SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain('stopped after 1 requests');
  });

  it('logs a WebSocket chain with its connection, previous id and cache hit; --quiet logs nothing', async () => {
    for (const quiet of [false, true]) {
      const cli = runCli(['--port', '0', ...(quiet ? ['--quiet'] : [])]);
      const socket = await connectRaw(await cli.listening(), { Authorization: 'Bearer sk-cli' });
      const completedId = async (frame: Record<string, unknown>) => {
        socket.send(frame);
        const end = (await socket.untilTerminal(socket.frames.length)).at(-1)!;
        expect(end.type).toBe('response.completed');
        return (end.response as { id: string }).id;
      };
      const warmUp = await completedId(responseCreate({ store: false, generate: false, input: [] }));
      const ids = [
        warmUp,
        await completedId(
          responseCreate({
            store: false,
            previous_response_id: warmUp,
            input: [{ role: 'user', content: 'again' }],
          }),
        ),
      ];
      socket.close();
      await socket.closed;
      process.kill(cli.child.pid!, 'SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toContain('stopped after 2 requests');
      const lines = cli
        .output()
        .stdout.split('\n')
        .filter((line) => / #\d+ /.test(line));
      if (quiet) expect(lines).toEqual([]);
      else {
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(new RegExp(` #0 ws conn=1 warm-up items=0 bytes=\\d+ completed ${ids[0]}$`));
        expect(lines[1]).toMatch(
          new RegExp(` #1 ws conn=1 prev=${ids[0]} cache=hit items=1 bytes=\\d+ completed ${ids[1]}$`),
        );
      }
    }
  });

  it('a port in use exits with code 2 and says so, without a stack trace', async () => {
    const first = runCli(['--port', '0']);
    const port = new URL((await first.listening()).baseURL).port;
    const second = runCli(['--port', port]);
    expect(await second.exited).toBe(2);
    expect(second.output().stderr).toBe(
      `openai-responses-emulator: port 127.0.0.1:${port} is already in use. Pick another with --port N (--port 0 picks a free one).\n`,
    );
  });

  it('a bad number exits with code 2 and names the flag, instead of running with NaN', async () => {
    const cli = runCli(['--port', '0', '--ttft-ms', 'soon']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain("--ttft-ms must be a number ≥ 0, got 'soon'");
    expect(cli.output().stdout).not.toContain('listening');
  });

  it('--help lists every flag', async () => {
    const cli = runCli(['--help']);
    expect(await cli.exited).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--api-key',
      '--queue',
      '--lifetime-ms',
      '--replay',
      '--per-request-ms',
      '--per-uncached-input-byte-ms',
      '--ttft-ms',
      '--tokens-per-second',
      '--latency-ms',
      '--handshake-ms',
      '--connections-per-key',
      '--connection-limit-answer',
      '--max-client-frame-bytes',
      '--host-conventions',
      '--no-lanes',
      '--refuse-with-previous-response-id',
      '--quiet',
    ])
      expect(cli.output().stdout).toContain(flag);
  });
});

describe('emulator CLI flags', () => {
  it('map onto the emulator options', () => {
    const parsed = parseEmulatorCliArgs([
      '--port=4011',
      '--host=0.0.0.0',
      '--api-key=sk-a',
      '--api-key=sk-b',
      '--queue=reject',
      '--lifetime-ms=Infinity',
      '--per-request-ms=5',
      '--per-uncached-input-byte-ms=0.01',
      '--ttft-ms=300',
      '--tokens-per-second=80',
      '--latency-ms=20',
      '--handshake-ms=60',
      '--quiet',
    ]);
    expect(parsed).toEqual({ emulator: expect.any(Object), quiet: true });
    expect(parsed !== 'help' && parsed.emulator).toEqual({
      port: 4011,
      host: '0.0.0.0',
      apiKeys: ['sk-a', 'sk-b'],
      queue: 'reject',
      connectionLifetimeMs: Number.POSITIVE_INFINITY,
      timing: {
        serverCost: { perRequestMs: 5, perUncachedInputByteMs: 0.01 },
        timeToFirstTokenMs: 300,
        outputTokensPerSecond: 80,
        latency: { perFrameMs: 20, handshakeMs: 60 },
      },
    });
    expect(parseEmulatorCliArgs([])).toEqual({
      emulator: { port: 4010, host: '127.0.0.1', timing: {} },
      quiet: false,
    });
  });

  it('host-wide settings: connection limit, frame limit, host conventions', () => {
    const parsed = parseEmulatorCliArgs([
      '--connections-per-key=4',
      '--connection-limit-answer=refuse-upgrade',
      '--max-client-frame-bytes=1048576',
      '--host-conventions=azure',
      '--no-lanes',
      '--refuse-with-previous-response-id=instructions',
      '--refuse-with-previous-response-id=reasoning',
    ]);
    expect(parsed !== 'help' && parsed.emulator).toEqual({
      port: 4010,
      host: '127.0.0.1',
      timing: {},
      connectionLimit: { perKey: 4, answer: 'refuse-upgrade' },
      maxClientFrameBytes: 1_048_576,
      hostConventions: {
        responsesPath: '/openai/v1/responses',
        auth: [{ kind: 'bearer' }, { kind: 'header', name: 'api-key' }],
        lanes: false,
        refusedWithPreviousResponseId: ['instructions', 'reasoning'],
      },
    });
    expect(
      parseEmulatorCliArgs(['--connections-per-key', '0', '--max-client-frame-bytes', 'Infinity']),
    ).toEqual({
      emulator: {
        port: 4010,
        host: '127.0.0.1',
        timing: {},
        connectionLimit: { perKey: 0 },
        maxClientFrameBytes: Number.POSITIVE_INFINITY,
      },
      quiet: false,
    });
  });

  it.each([
    [['--connections-per-key', '1.5'], '--connections-per-key must be an integer ≥ 0'],
    [
      ['--connection-limit-answer', 'close'],
      '--connection-limit-answer must be error-frame or refuse-upgrade',
    ],
    [
      ['--connection-limit-answer', 'refuse-upgrade'],
      '--connection-limit-answer needs --connections-per-key',
    ],
    [['--max-client-frame-bytes=-5'], '--max-client-frame-bytes must be a number ≥ 0 or Infinity'],
    [['--host-conventions', 'xai'], '--host-conventions must be openai or azure'],
    [['--port', '70000'], '--port must be a port'],
    [['--port', '1.5'], '--port must be a port'],
    [['--latency-ms=-1'], '--latency-ms must be a number ≥ 0'],
    [['--per-request-ms', ''], '--per-request-ms must be a number ≥ 0'],
    [['--tokens-per-second', '0'], '--tokens-per-second must be a number > 0'],
    [['--lifetime-ms', 'forever'], '--lifetime-ms must be a number ≥ 0 or Infinity'],
    [['--queue', 'lifo'], '--queue must be fifo or reject'],
    [['--replay', '/no/such/file.chunks.txt'], '--replay /no/such/file.chunks.txt'],
    [['--verbose'], "Unknown option '--verbose'"],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseEmulatorCliArgs(args)).toThrow(message);
  });
});
