import { createId } from './create-ids';
import { sleep } from './delay-queue';
import type {
  EmulatorModel,
  Item,
  OutputSpec,
  RequestOutcome,
  RequestRecord,
  TimingOptions,
} from './emulator-types';
import { shapeErrorFrame } from './error-frame-shapes';
import type { RequestFault } from './fault-plan';
import { DEFAULT_HUGE_EVENT_BYTES, withHugeImage } from './huge-image-output';
import { countTokens, type PlannedEvent, renderResponseEvents } from './render-response-events';
import { errorFrame, type InputResolution, modelVisible, type StoredResponse } from './response-state';

/** Where a response's frames go: a WebSocket, an SSE body, or a collector for a JSON answer. */
export interface ResponseSink {
  /** Sends an event (object), a raw text frame (string) or a binary frame (Buffer). */
  send(frame: Item | string | Buffer): void;
  /** Ends the transport: a close code for WebSocket; without one, a drop with no close frame. */
  close(code?: number): void;
  /** Resolves when the client went away or the transport was closed. */
  readonly closed: Promise<void>;
  isClosed(): boolean;
  /** From the frames already sent on, the transport sends nothing and answers nothing (WebSocket only). */
  goSilent?(): void;
}

export interface RunResult {
  readonly outcome: RequestOutcome;
  /** The completed response, to cache or store; only for `response.completed`. */
  readonly completed?: StoredResponse;
}

/**
 * Runs one response: server cost, the model, the event sequence with its pacing, and any fault. Shared by
 * both transports, so they behave alike.
 */
export async function runResponse(options: {
  readonly body: Readonly<Record<string, unknown>>;
  readonly resolution: Extract<InputResolution, { ok: true }>;
  readonly model: EmulatorModel;
  readonly timing: TimingOptions;
  readonly fault: RequestFault | undefined;
  readonly sink: ResponseSink;
  readonly record: RequestRecord;
  /** The response's id, when it had to be known before the run (background mode). @default a new id */
  readonly responseId?: string;
}): Promise<RunResult> {
  const { resolution, timing, fault, sink, record } = options;
  const send = (frame: Item | string | Buffer) => {
    record.eventsSent++;
    sink.send(frame);
  };

  if (fault?.kind === 'close' && fault.at === 'before-first-event') {
    sink.close(fault.code);
    return { outcome: 'closed' };
  }
  if (fault?.kind === 'error-frame' && (fault.at ?? 'before-first-event') === 'before-first-event') {
    send(faultErrorFrame(fault, fault.sequenceNumber ? 0 : undefined));
    if (fault.closeAfter) sink.close(1000);
    return { outcome: 'error' };
  }
  if (fault?.kind === 'stall' && (fault.afterEvents ?? 0) === 0) {
    await sink.closed;
    return { outcome: 'closed' };
  }

  const cost = timing.serverCost;
  record.serverCostMs =
    (cost?.perRequestMs ?? 0) + resolution.uncachedBytes * (cost?.perUncachedInputByteMs ?? 0);
  await sleep(record.serverCostMs, sink.closed);
  if (fault?.kind === 'slow-first-event') await sleep(fault.ms, sink.closed);
  if (sink.isClosed()) return { outcome: 'closed' };

  const planned = await planEvents(options);
  const responseId = String(
    (planned.find((p) => p.event.type === 'response.created')?.event.response as Item)?.id ?? '',
  );
  record.responseId = responseId || undefined;
  const faultAt = fault === undefined ? undefined : midStreamFaultIndex(fault, planned);

  // Output speed is paced from the first output event: time to first token comes before it, not out of it.
  let paceStart = Date.now();
  let tokens = 0;
  // One step past the last event, so a fault due after everything (a replay with no terminal event) still fires.
  for (let index = 0; index <= planned.length; index++) {
    if (sink.isClosed()) return { outcome: 'closed' };
    if (index === faultAt) {
      const ended = applyMidStreamFault(fault!, index, send, sink);
      if (ended !== undefined) return { outcome: ended === 'stall' ? await stalled(sink) : ended };
    }
    const next = planned[index];
    if (next === undefined) break;
    const { event, tokens: weight, firstOutput } = next;
    if (firstOutput) {
      await sleep(timing.timeToFirstTokenMs ?? 0, sink.closed);
      paceStart = Date.now();
    }
    if (weight > 0 && timing.outputTokensPerSecond) {
      tokens += weight;
      await sleep(paceStart + (tokens / timing.outputTokensPerSecond) * 1000 - Date.now(), sink.closed);
    }
    if (sink.isClosed()) return { outcome: 'closed' };
    send(event);
    if (event.type === 'response.created') record.accepted = true;
  }

  if (fault?.kind === 'close' && fault.at === 'after-terminal') sink.close(fault.code);
  const terminal = [...planned].reverse().find((p) => TERMINAL.has(String(p.event.type)))?.event;
  const outcome = outcomeOf(terminal);
  if (outcome !== 'completed') return { outcome };
  const response = terminal!.response as Item;
  return {
    outcome,
    completed: {
      id: String(response.id),
      input: resolution.input,
      output: (response.output as Item[]) ?? [],
    },
  };
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

function outcomeOf(terminal: Item | undefined): RequestOutcome {
  switch (terminal?.type) {
    case 'response.completed':
      return 'completed';
    case 'response.incomplete':
      return 'incomplete';
    case 'response.failed':
      return 'failed';
    case 'error':
      return 'error';
    default:
      return 'pending';
  }
}

async function planEvents(options: Parameters<typeof runResponse>[0]): Promise<PlannedEvent[]> {
  const { body, resolution, fault } = options;
  const render = (output: readonly OutputSpec[], status: 'completed' | 'incomplete') =>
    renderResponseEvents({
      body,
      responseId: options.responseId ?? createId('resp'),
      output,
      status,
      inputTokens: countTokens(JSON.stringify(resolution.input.map(modelVisible))),
      cachedTokens: Math.floor(resolution.cachedBytes / 4),
    }).events;

  let events: PlannedEvent[];
  if (body.generate === false) events = render([], 'completed');
  else {
    let turn: Awaited<ReturnType<EmulatorModel>>;
    try {
      turn = await options.model({
        input: resolution.input,
        newInput: resolution.newInput,
        tools: Array.isArray(body.tools) ? (body.tools as Item[]) : [],
        body,
        ...(typeof body.instructions === 'string' ? { instructions: body.instructions } : {}),
      });
    } catch (error) {
      // A model (a test's script) that throws is a server error, never a request left hanging.
      const message = `The emulator's model threw: ${error instanceof Error ? error.message : String(error)}`;
      const failure = { status: 500, type: 'server_error', code: 'server_error', message, param: null };
      return [{ event: errorFrame(failure), tokens: 0 }];
    }
    events = 'events' in turn ? replayed(turn.events) : render(turn.output, turn.status ?? 'completed');
  }
  // Terminal faults rewrite whatever the sequence came from (generated, replayed or a warm-up), so none is lost.
  if (fault?.kind === 'response-failed') return failedAfterCreated(events, fault);
  if (fault?.kind === 'error-then-failed') return errorThenFailed(events, fault);
  if (fault?.kind === 'response-incomplete') return endedIncomplete(events, fault.reason);
  if (fault?.kind === 'huge-event') return withHugeImage(events, fault.bytes ?? DEFAULT_HUGE_EVENT_BYTES);
  return events;
}

/** Raw events as recorded; deltas weigh one token each, the first one is where time to first token applies. */
function replayed(events: readonly Item[]): PlannedEvent[] {
  let firstOutputSeen = false;
  return events.map((event) => {
    const isDelta = String(event.type).endsWith('.delta');
    const firstOutput = isDelta && !firstOutputSeen;
    firstOutputSeen ||= isDelta;
    return { event, tokens: isDelta ? 1 : 0, ...(firstOutput ? { firstOutput } : {}) };
  });
}

/** `response.created` and `response.in_progress`, then `response.failed`: a model failure loses the output. */
function failedAfterCreated(
  events: readonly PlannedEvent[],
  fault: Extract<RequestFault, { kind: 'response-failed' }>,
): PlannedEvent[] {
  const created = events.slice(0, 2);
  const base = created[0]?.event.response as Item | undefined;
  const failed = {
    type: 'response.failed',
    sequence_number: created.length,
    response: {
      ...base,
      status: 'failed',
      error: { code: fault.code ?? 'server_error', message: fault.message ?? 'The response failed.' },
    },
  };
  return [...created, { event: failed, tokens: 0 }];
}

/** `response.created`, `response.in_progress`, `error`, `response.failed`: the recorded `openai-error` sequence. */
function errorThenFailed(
  events: readonly PlannedEvent[],
  fault: Extract<RequestFault, { kind: 'error-then-failed' }>,
): PlannedEvent[] {
  const code = fault.code ?? 'server_error';
  const message = fault.message ?? 'The server had an error while processing your request.';
  const created = events.slice(0, 2);
  const base = created[0]?.event.response as Item | undefined;
  const error = {
    type: 'error',
    sequence_number: created.length,
    error: { type: fault.type ?? code, code, message, param: null },
  };
  const failed = {
    type: 'response.failed',
    sequence_number: created.length + 1,
    response: { ...base, status: 'failed', error: { code, message } },
  };
  return [...created, { event: error, tokens: 0 }, { event: failed, tokens: 0 }];
}

/**
 * The first terminal event (and anything after it) replaced by `response.incomplete`, the output before it
 * kept: the shape of a response cut short by `max_output_tokens`.
 */
function endedIncomplete(events: readonly PlannedEvent[], reason = 'max_output_tokens'): PlannedEvent[] {
  const end = events.findIndex((planned) => TERMINAL.has(String(planned.event.type)));
  const kept = end < 0 ? [...events] : events.slice(0, end);
  const terminal = end < 0 ? undefined : events[end]!.event;
  // An `error` terminal carries no response object: fall back to the one `response.created` announced.
  const base = (terminal?.response ?? kept.find((planned) => planned.event.response)?.event.response) as
    | Item
    | undefined;
  const incomplete = {
    type: 'response.incomplete',
    ...(terminal?.sequence_number === undefined ? {} : { sequence_number: terminal.sequence_number }),
    response: { ...base, status: 'incomplete', error: null, incomplete_details: { reason } },
  };
  return [...kept, { event: incomplete, tokens: 0 }];
}

/** Where a mid-stream fault applies: before event `afterEvents`, but at the latest just before the first
 *  terminal event, so a count past the end never makes the fault vanish. */
function midStreamFaultIndex(fault: RequestFault, planned: readonly PlannedEvent[]): number | undefined {
  const at = midStreamFaultAt(fault);
  if (at === undefined) return undefined;
  const terminal = planned.findIndex((p) => TERMINAL.has(String(p.event.type)));
  return Math.max(0, Math.min(at, terminal < 0 ? planned.length : terminal));
}

function midStreamFaultAt(fault: RequestFault): number | undefined {
  switch (fault.kind) {
    case 'close':
      return fault.at === 'mid-stream' ? (fault.afterEvents ?? 3) : undefined;
    case 'error-frame':
      return fault.at === 'mid-stream' ? (fault.afterEvents ?? 3) : undefined;
    case 'malformed-frame':
    case 'binary-frame':
      return fault.afterEvents ?? 3;
    case 'stall':
      return fault.afterEvents ?? 0;
    case 'go-silent':
      return fault.afterEvents ?? 3;
    default:
      return undefined;
  }
}

/** Applies a fault due before event `index`; returns how the response ended, if it did. */
function applyMidStreamFault(
  fault: RequestFault,
  index: number,
  send: (frame: Item | string | Buffer) => void,
  sink: ResponseSink,
): RequestOutcome | 'stall' | undefined {
  switch (fault.kind) {
    case 'close':
      sink.close(fault.code);
      return 'closed';
    case 'error-frame':
      send(faultErrorFrame(fault, fault.sequenceNumber === false ? undefined : index));
      if (fault.closeAfter) sink.close(1000);
      return 'error';
    case 'malformed-frame':
      send('{"type":"response.output_text.delta", this is not JSON');
      return undefined;
    case 'binary-frame':
      send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
      return undefined;
    case 'stall':
      return 'stall';
    case 'go-silent':
      sink.goSilent?.();
      return 'stall';
    default:
      return undefined;
  }
}

async function stalled(sink: ResponseSink): Promise<RequestOutcome> {
  await sink.closed;
  return 'closed';
}

function faultErrorFrame(
  fault: Extract<RequestFault, { kind: 'error-frame' }>,
  sequenceNumber: number | undefined,
): Item {
  const status = fault.status === null ? undefined : (fault.status ?? 500);
  return shapeErrorFrame(
    {
      status,
      type: fault.type ?? ((status ?? 500) >= 500 ? 'server_error' : 'invalid_request_error'),
      code: fault.code ?? 'server_error',
      message: fault.message ?? 'The server had an error while processing your request.',
      param: fault.param ?? null,
    },
    sequenceNumber,
    {
      shape: fault.shape,
      statusField: fault.statusField,
      explicit: {
        code: fault.code !== undefined,
        param: fault.param !== undefined,
        type: fault.type !== undefined,
      },
    },
  );
}
