/**
 * The benchmark's one emulator, in a child process of its own: its CPU (parsing request bodies, building
 * events) then never runs on the event loop of the client being measured, as with a real server. The parent
 * talks to it over the IPC channel (see emulator-client.ts).
 *
 * The scripted model plays a coding agent: it calls a tool (cycling through the six) until the effective
 * input holds `steps - 1` tool outputs, then answers. The answer names the number of tool outputs the server
 * saw, so a broken continuation fails the run instead of silently sending less. For the streaming benchmark
 * a run can instead answer every request with one long message (`answerTokens` one-token deltas). A
 * `concurrent` run (the concurrency benchmark: many conversations at once) keeps no per-conversation
 * bookkeeping (the minimal frames assume one conversation at a time) and is read with `summary` instead of
 * `metrics`.
 */
import { createResponsesEmulator, scriptedModel } from '../src/testing';
import { type MetricsShape, openWsConnections, summariseRequests } from './emulator-summary';
import { finalAnswer, streamingAnswer, TOOL_NAMES, toolArguments } from './scenario';

type Item = Record<string, unknown>;

interface RequestFacts {
  transport: string;
  bytes: number;
  inputItems: number;
  previousResponseId?: string;
  responseId?: string;
  cacheHit?: boolean;
  outcome: string;
  /** Bytes of the smallest `response.create` frame that carries this request (see minimalFrameBytes). */
  minimalBytes: number;
}

let steps = 30;
/** Many conversations at once: the model answers from each request's own input only. */
let concurrent = false;
/** The emulator process's CPU when the run started (`summary` reports what the run used). */
let cpuAtRunStart = process.cpuUsage();
/** When set, every request is answered at once with one message of this many one-token deltas (streaming). */
let answerTokens: number | undefined;
/** Effective input and output of the previous call of the scripted model, within the current run. */
let previous: { inputLength: number; outputLength: number } | undefined;
/** Per call of the model, in order: the new items and the per-request fields. */
let minimal: Array<{ newItems: unknown[]; fields: Record<string, unknown> }> = [];

function resetRun(nextSteps?: number, nextAnswerTokens?: number, nextConcurrent = false) {
  if (nextSteps !== undefined) steps = nextSteps;
  answerTokens = nextAnswerTokens;
  concurrent = nextConcurrent;
  previous = undefined;
  minimal = [];
  cpuAtRunStart = process.cpuUsage();
}

const model = scriptedModel(
  ({ input, body }: { input: readonly unknown[]; body: Record<string, unknown> }) => {
    if (answerTokens !== undefined)
      return { output: [{ type: 'message' as const, text: streamingAnswer(answerTokens) }] };
    const items = input as Item[];
    if (!concurrent) {
      const prefix = previous === undefined ? 0 : previous.inputLength + previous.outputLength;
      const {
        input: _input,
        stream: _stream,
        previous_response_id: _previous,
        type: _type,
        ...fields
      } = body;
      minimal.push({ newItems: items.slice(prefix), fields });
    }

    const toolOutputs = items.filter((item) => item.type === 'function_call_output').length;
    const output =
      toolOutputs < steps - 1
        ? [
            {
              type: 'function_call' as const,
              name: TOOL_NAMES[toolOutputs % TOOL_NAMES.length]!,
              arguments: toolArguments(toolOutputs),
            },
          ]
        : [{ type: 'message' as const, text: finalAnswer(toolOutputs) }];
    if (!concurrent) previous = { inputLength: items.length, outputLength: output.length };
    return { output };
  },
);

/**
 * The minimum a client must send for request `index`: one `response.create` frame with every per-request
 * field (model, tools, store, include, tool_choice, …) exactly as the client built it, only the items the
 * server has not seen yet (neither sent before nor produced by it), and — after the first request —
 * `previous_response_id` naming the response it continues.
 */
function minimalFrameBytes(index: number, previousResponseId: string | undefined): number {
  const entry = minimal[index];
  if (entry === undefined) return Number.NaN;
  const frame: Record<string, unknown> = { type: 'response.create', ...entry.fields, input: entry.newItems };
  if (index > 0) frame.previous_response_id = previousResponseId ?? 'resp_'.padEnd(55, '0');
  return Buffer.byteLength(JSON.stringify(frame));
}

/**
 * A concurrent run starts from no open WebSocket (a warm-up's may still be closing), so that the peak
 * counts the run's own; bounded, since a socket the client leaked stays open.
 */
async function untilNoOpenWebSocket(emulator: { readonly metrics: MetricsShape }) {
  for (let waited = 0; openWsConnections(emulator.metrics) > 0 && waited < 2000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

type Command =
  | { cmd: 'init'; timing?: unknown }
  | { cmd: 'run'; steps: number; answerTokens?: number; concurrent?: boolean }
  | { cmd: 'timing'; timing: unknown }
  | { cmd: 'metrics' }
  | { cmd: 'summary' }
  | { cmd: 'close' };

async function main() {
  let emulator: Awaited<ReturnType<typeof createResponsesEmulator>> | undefined;

  const handle = async (message: Command): Promise<unknown> => {
    switch (message.cmd) {
      case 'init':
        emulator = await createResponsesEmulator({ model, timing: message.timing as any });
        return { baseURL: emulator.baseURL, wsURL: emulator.wsURL };
      case 'run':
        if (message.concurrent) await untilNoOpenWebSocket(emulator!);
        resetRun(message.steps, message.answerTokens, message.concurrent);
        emulator!.resetMetrics();
        return null;
      case 'timing':
        emulator!.setTiming(message.timing as any);
        return null;
      case 'metrics': {
        const metrics = emulator!.metrics;
        const requests: RequestFacts[] = metrics.requests.map((request: any, index: number) => ({
          transport: request.transport,
          bytes: request.bytes,
          inputItems: request.inputItems,
          previousResponseId: request.previousResponseId,
          responseId: request.responseId,
          cacheHit: request.cacheHit,
          outcome: request.outcome,
          minimalBytes: minimalFrameBytes(index, metrics.requests[index - 1]?.responseId),
        }));
        return { connections: metrics.connections, upgrades: metrics.upgrades.attempted, requests };
      }
      case 'summary': {
        const cpu = process.cpuUsage(cpuAtRunStart);
        return summariseRequests(emulator!.metrics, (cpu.user + cpu.system) / 1000);
      }
      case 'close':
        await emulator?.close();
        setImmediate(() => process.exit(0));
        return null;
    }
  };

  process.on('message', (message: Command & { id: number }) => {
    handle(message).then(
      (result) => process.send!({ id: message.id, result }),
      (error: unknown) => process.send!({ id: message.id, error: String((error as Error)?.stack ?? error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

void main();
