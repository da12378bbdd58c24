/**
 * One run of the concurrency benchmark: one contender in one cell (conversations at once × model latency ×
 * tool time), with a fresh emulator process and a fresh client process (concurrency-client.ts), so every
 * figure — the client's CPU, RSS and event-loop delay, the emulator's connection peaks and request counts —
 * belongs to this run alone.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientMeasurement, ClientOrder } from './concurrency-client';
import type { ConcurrencyContenderId } from './concurrency-contenders';
import { type EmulatorTiming, RemoteEmulator } from './emulator-client';
import type { EmulatorRunSummary } from './emulator-summary';

export interface CellSpec {
  readonly conversations: number;
  /** The model's time to first token, every response (the emulator's `timeToFirstTokenMs`). */
  readonly modelLatencyMs: number;
  /** How long each tool call takes. */
  readonly toolMs: number;
}

export interface ConcurrencyRun {
  readonly contender: ConcurrencyContenderId;
  readonly repetition: number;
  /** `null` when the client did not report (it timed out or crashed: see `failure`). */
  readonly client: ClientMeasurement | null;
  readonly emulator: EmulatorRunSummary | null;
  readonly failure?: string;
}

export interface RunOptions {
  readonly steps: number;
  /** A client that has not reported after this long is stopped and the run recorded as timed out. */
  readonly timeoutMs: number;
  /** Extra Node flags for the client's and the emulator's processes (e.g. `--cpu-prof`). */
  readonly clientExecArgv?: readonly string[];
  readonly emulatorExecArgv?: readonly string[];
}

/**
 * The emulator's timing for a cell: the model's latency only. No server cost, no injected round trip and
 * output sent at once, so what differs between contenders is the client, its connections and the emulator's
 * own work.
 */
export function cellTiming(spec: CellSpec): EmulatorTiming {
  return spec.modelLatencyMs > 0 ? { timeToFirstTokenMs: spec.modelLatencyMs } : {};
}

function startClient(execArgv: readonly string[]): ChildProcess {
  return fork(fileURLToPath(new URL('./concurrency-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The client's next message of `type`; rejects when it reports an error, exits or takes over `timeoutMs`. */
function nextMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: { type: string; result?: T; error?: string }) => {
      if (message.type === 'error') {
        done();
        reject(new Error(`client: ${message.error}`));
      } else if (message.type === type) {
        done();
        resolve(message.result as T);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`client exited (${code}) before '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for '${type}'`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function runContender(
  spec: CellSpec,
  contender: ConcurrencyContenderId,
  repetition: number,
  options: RunOptions,
): Promise<ConcurrencyRun> {
  const client = startClient(options.clientExecArgv ?? []);
  const exited = new Promise<void>((resolve) => client.once('exit', () => resolve()));
  const emulator = await RemoteEmulator.start({}, options.emulatorExecArgv ?? []);
  let measurement: ClientMeasurement | null = null;
  let summary: EmulatorRunSummary | null = null;
  let failure: string | undefined;
  try {
    await emulator.startConcurrentRun(options.steps);
    const order: ClientOrder = {
      contender,
      baseURL: emulator.baseURL,
      conversations: spec.conversations,
      steps: options.steps,
      toolMs: spec.toolMs,
    };
    client.send(order);
    await nextMessage(client, 'warmed', 120_000);
    await emulator.startConcurrentRun(options.steps);
    await emulator.setTiming(cellTiming(spec));
    client.send({ type: 'go' });
    measurement = await nextMessage<ClientMeasurement>(client, 'result', options.timeoutMs);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    summary = await emulator.summary().catch(() => null);
    if (client.exitCode === null && client.signalCode === null) {
      // A client that did not finish is stopped; one that did exits by itself (and writes its profile).
      if (measurement === null) client.kill('SIGKILL');
      await exited;
    }
    await emulator.close();
  }
  return { contender, repetition, client: measurement, emulator: summary, ...(failure ? { failure } : {}) };
}
