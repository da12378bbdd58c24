/**
 * What the demo reports per step that `providerMetadata` does not carry: the time to the response's
 * first event, and how many bytes `@ai-sdk/openai` over HTTP would have sent for the very same step.
 */

/** One model call (one step of the agent loop). */
export interface StepProbe {
  /** Request to the first part of the response that came from the server (ms). */
  firstByteMs?: number;
  /** Request to the end of the response stream (ms). */
  durationMs?: number;
  /** Size of the JSON body `@ai-sdk/openai` builds for this step over HTTP: the full history, every step. */
  httpBodyBytes?: number;
  /** Size of the body a model over HTTP posted for this step (see {@link recordPostedBytes}). */
  postedBytes?: number;
}

/** The slice of a language model the probe needs; both AI SDK majors' models have it. */
interface StreamingModel {
  doStream(options: never): PromiseLike<{ stream: ReadableStream<{ type: string }> }>;
}

/**
 * `model`, watched: every `doStream` call appends a `StepProbe` to `probes`. With `httpTwin` (the same
 * model id from `@ai-sdk/openai`, whose `fetch` is `captureBody`'s), it also has the HTTP model build
 * its request for the same call options, and records that body's size without sending it.
 */
export function probeSteps<M extends StreamingModel>(
  model: M,
  probes: StepProbe[],
  httpTwin?: { model: StreamingModel; captureBody: CapturedBody },
): M {
  const doStream = async (options: never) => {
    const probe: StepProbe = {};
    probes.push(probe);
    if (httpTwin !== undefined)
      probe.httpBodyBytes = await httpTwin.captureBody.sizeOf(httpTwin.model, options);
    const started = performance.now();
    const result = await model.doStream(options);
    const watch = new TransformStream<{ type: string }, { type: string }>({
      transform(part, controller) {
        // stream-start is made up by the client before anything arrived.
        if (part.type !== 'stream-start') probe.firstByteMs ??= performance.now() - started;
        controller.enqueue(part);
      },
      flush() {
        probe.durationMs = performance.now() - started;
      },
    });
    return { ...result, stream: result.stream.pipeThrough(watch) };
  };
  return new Proxy(model, {
    get: (target, key) => {
      if (key === 'doStream') return doStream;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A `fetch` that sends, and records the size of the body it posted on the step's probe (the latest in
 * `probes`: `probeSteps` adds it before the model builds its request). For a model over HTTP, since ai@7
 * leaves `step.request.body` out unless asked for it.
 */
export function recordPostedBytes(probes: StepProbe[]): typeof fetch {
  return (input, init) => {
    const probe = probes.at(-1);
    if (probe !== undefined && typeof init?.body === 'string')
      probe.postedBytes = Buffer.byteLength(init.body);
    return fetch(input, init);
  };
}

/** A `fetch` that records the request body's size and sends nothing. */
export interface CapturedBody {
  readonly fetch: typeof fetch;
  sizeOf(model: StreamingModel, options: never): Promise<number | undefined>;
}

export function captureBody(): CapturedBody {
  let bytes: number | undefined;
  return {
    fetch: async (_input, init) => {
      bytes = typeof init?.body === 'string' ? Buffer.byteLength(init.body) : undefined;
      throw new Error('measured, not sent');
    },
    async sizeOf(model, options) {
      bytes = undefined;
      try {
        await model.doStream(options);
      } catch {
        // Our own error, wrapped by the model's own error handling: the body is all we wanted.
      }
      return bytes;
    },
  };
}
