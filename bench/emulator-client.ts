/** The parent side of emulator-host.ts: one emulator in a child process, driven over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorRunSummary } from './emulator-summary';

export interface EmulatorTiming {
  outputTokensPerSecond?: number;
  timeToFirstTokenMs?: number;
  serverCost?: { perRequestMs?: number; perUncachedInputByteMs?: number };
  latency?: { perFrameMs?: number; handshakeMs?: number };
}

export interface RequestFacts {
  readonly transport: 'ws' | 'http';
  readonly bytes: number;
  readonly inputItems: number;
  readonly previousResponseId?: string;
  readonly responseId?: string;
  readonly cacheHit?: boolean;
  readonly outcome: string;
  readonly minimalBytes: number;
}

export interface EmulatorMetrics {
  readonly connections: number;
  readonly upgrades: number;
  readonly requests: readonly RequestFacts[];
}

export class RemoteEmulator {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: any) => void; reject: (error: Error) => void }
  >();
  baseURL = '';
  wsURL = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(message.id);
      if (waiter === undefined) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`emulator: ${message.error}`));
      else waiter.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`emulator process exited (${code})`));
      this.pending.clear();
    });
  }

  /** `execArgv`: extra Node flags for the emulator's process (e.g. `--cpu-prof`). */
  static async start(timing: EmulatorTiming, execArgv: readonly string[] = []): Promise<RemoteEmulator> {
    const child = fork(fileURLToPath(new URL('./emulator-host.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const emulator = new RemoteEmulator(child);
    const { baseURL, wsURL } = await emulator.call<{ baseURL: string; wsURL: string }>({
      cmd: 'init',
      timing,
    });
    emulator.baseURL = baseURL;
    emulator.wsURL = wsURL;
    return emulator;
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  /**
   * Starts a new conversation of `steps` steps: resets the metrics and the scripted model's bookkeeping.
   * `answerTokens`: every request is answered at once with a message of that many one-token deltas.
   */
  startRun(steps: number, options: { answerTokens?: number } = {}): Promise<void> {
    return this.call({ cmd: 'run', steps, ...options });
  }

  /**
   * Starts a run of many conversations of `steps` steps at once, once no WebSocket is open any more: resets
   * the metrics and the emulator's CPU reading; read it with `summary()`.
   */
  startConcurrentRun(steps: number): Promise<void> {
    return this.call({ cmd: 'run', steps, concurrent: true });
  }

  /** Counts of the requests and connections since `startConcurrentRun`, and the emulator's CPU. */
  summary(): Promise<EmulatorRunSummary> {
    return this.call({ cmd: 'summary' });
  }

  setTiming(timing: EmulatorTiming): Promise<void> {
    return this.call({ cmd: 'timing', timing });
  }

  metrics(): Promise<EmulatorMetrics> {
    return this.call({ cmd: 'metrics' });
  }

  async close(): Promise<void> {
    await this.call({ cmd: 'close' }).catch(() => {});
    this.child.disconnect?.();
  }
}
