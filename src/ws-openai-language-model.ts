import type { JSONObject } from '@ai-sdk/provider';
import { BODY_KEPT_AS_OBJECT, onRequestBuilt } from './capture-request-body';
import { dropUpstreamTransportOption } from './drop-upstream-transport-option';
import { joinPath } from './endpoint-urls';
import { OpenAIWsInternalError } from './errors/internal-error';
import type { InnerIdentity } from './inner-identity';
import { createResponsesModel, type ResponsesModel } from './load-responses-model';
import { unwrapInterruption } from './transport/map-server-error';
import type { ResponsesWebSocketTransport } from './transport/responses-websocket-transport';
import { emptyReport, type TransportReport } from './transport/transport-report';
import {
  deserializeModel,
  notSerializable,
  type SerializedWsOpenAIModel,
  WORKFLOW_DESERIALIZE,
  WORKFLOW_SERIALIZE,
} from './workflow-serialization';

/** The key under which each step's transport facts appear in `providerMetadata`. */
export const METADATA_KEY = 'openai-ws';

export interface WsOpenAILanguageModelConfig {
  readonly provider: string;
  readonly baseURL: string;
  readonly headers: () => Record<string, string | undefined>;
  readonly transport: ResponsesWebSocketTransport;
  /** The provider's settings as a workflow may persist them (JSON, no credentials); undefined: not serialisable. */
  readonly serializedSettings: JSONObject | undefined;
  /** Which first-party provider the model stands in for; see `InnerIdentity`. */
  readonly identity: InnerIdentity;
  /** Where one-time notes go (the provider's `warn`). */
  readonly warn: (message: string) => void;
}

// The call and result types of the installed @ai-sdk/openai's model (V3 with 3.x, V4 with 4.x): the
// declarations name them through its class, so they resolve in the user's project, not in ours.
type CallOptions = Parameters<ResponsesModel['doStream']>[0];
type StreamResult = Awaited<ReturnType<ResponsesModel['doStream']>>;
type GenerateResult = Awaited<ReturnType<ResponsesModel['doGenerate']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer Part> ? Part : never;

/**
 * The AI SDK adapter. The installed `@ai-sdk/openai`'s Responses model builds every request and maps
 * every event, as over HTTP; this class only hands it the WebSocket transport as its `fetch` and
 * publishes what the transport sent. It changes no option: `store` and everything else default as over
 * HTTP. It reports that model's specification version: 'v3' with 3.x (`ai@6`), 'v4' with 4.x (`ai@7`).
 */
export class WsOpenAIResponsesLanguageModel {
  readonly specificationVersion: ResponsesModel['specificationVersion'];
  readonly supportedUrls: ResponsesModel['supportedUrls'];

  /**
   * Workflow DevKit serialisation, as `@ai-sdk/openai` 4.x's models have it: the model id and the
   * provider's JSON settings. Unlike @ai-sdk/openai's, which persists the resolved headers (the API key
   * among them), `apiKey` is never written: the step that deserialises reads `OPENAI_API_KEY` from its
   * own environment. A provider that authenticates through `headers` or `protocols` (Azure, gateways)
   * makes its models refuse serialisation with an error rather than persist them.
   */
  static [WORKFLOW_SERIALIZE](model: WsOpenAIResponsesLanguageModel): SerializedWsOpenAIModel {
    const settings = model.config.serializedSettings;
    if (settings === undefined) throw notSerializable(model.modelId);
    return { modelId: model.modelId, settings };
  }

  /** A model on this process's provider for those settings (one per distinct settings, sockets shared). */
  static [WORKFLOW_DESERIALIZE](serialized: SerializedWsOpenAIModel): WsOpenAIResponsesLanguageModel {
    return deserializeModel(serialized) as WsOpenAIResponsesLanguageModel;
  }

  constructor(
    readonly modelId: string,
    private readonly config: WsOpenAILanguageModelConfig,
  ) {
    const probe = this.inner(emptyReport());
    this.specificationVersion = probe.specificationVersion;
    this.supportedUrls = probe.supportedUrls;
  }

  get provider(): string {
    return this.config.provider;
  }

  async doStream(options: CallOptions): Promise<StreamResult> {
    const report = emptyReport();
    // The inner model reads the stream up to its first output before returning, so an interrupted socket
    // can surface here too.
    const result = await this.inner(report, { streaming: true })
      .doStream(dropUpstreamTransportOption(options, this.config.warn))
      .catch((error: unknown) => {
        throw unwrapInterruption(error);
      });
    return {
      ...result,
      request: { body: asRequestBody(report.sentBody, result.request?.body) },
      stream: publishStream(result.stream, report),
    };
  }

  async doGenerate(options: CallOptions): Promise<GenerateResult> {
    const report = emptyReport();
    const result = await this.inner(report).doGenerate(
      dropUpstreamTransportOption(options, this.config.warn),
    );
    return {
      ...result,
      request: { body: asRequestBody(report.sentBody, result.request?.body) },
      providerMetadata: { ...result.providerMetadata, [METADATA_KEY]: toMetadata(report) },
    };
  }

  /**
   * Sends a `generate: false` warm-up with this system prompt and these tools, so the socket's cache holds
   * them and the conversation's first real step already continues incrementally on a warm socket.
   */
  async prewarm(
    options: Pick<CallOptions, 'tools' | 'providerOptions' | 'abortSignal'> & {
      system?: string;
    },
  ) {
    const report = emptyReport();
    const warmUp: CallOptions = {
      prompt: options.system === undefined ? [] : [{ role: 'system', content: options.system }],
      tools: options.tools,
      toolChoice: options.tools === undefined ? undefined : { type: 'auto' },
      providerOptions: options.providerOptions,
      abortSignal: options.abortSignal,
    };
    const { stream } = await this.inner(report, { warmUp: true, streaming: true }).doStream(
      dropUpstreamTransportOption(warmUp, this.config.warn),
    );
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === 'error') throw value.error;
    }
    return toMetadata(report);
  }

  /**
   * A fresh inner model per call, so the transport's report belongs to exactly this call. `streaming`:
   * the call is `doStream`, whose posted body is the built one plus `stream: true`.
   */
  private inner(
    report: TransportReport,
    options: { warmUp?: boolean; streaming?: boolean } = {},
  ): ResponsesModel {
    let built: Record<string, unknown> | undefined;
    const model = createResponsesModel(this.modelId, {
      // `openai.` keeps providerOptions and providerMetadata under the `openai` key, as with @ai-sdk/openai
      // (`azure.`: under `azure`, falling back to `openai` for options, as with @ai-sdk/azure).
      provider: `${this.config.identity.optionsKey}.responses`,
      url: ({ path }) => joinPath(this.config.baseURL, path),
      headers: this.config.headers,
      fetch: this.config.transport.fetchFor(report, {
        warmUp: options.warmUp,
        builtBody: (posted) => {
          // Only the stand-in says the body posted is the one captured; any other body is parsed as sent.
          if (posted !== BODY_KEPT_AS_OBJECT) return undefined;
          if (built === undefined) throw new OpenAIWsInternalError('the request body was not captured');
          return built;
        },
      }),
      fileIdPrefixes: [...this.config.identity.fileIdPrefixes],
    });
    onRequestBuilt(model, (args) => {
      built = options.streaming ? { ...args, stream: true } : args;
    });
    return model;
  }
}

/**
 * The frame that went out, as the step's `request.body`, carrying the symbol-keyed annotations of the
 * body the inner model built: @ai-sdk/openai 4.x tags its bodies so that ai@7's telemetry masks
 * credentials inside tools (an MCP server's authorization, say); a plain frame would lose that.
 */
function asRequestBody(frame: Record<string, unknown> | undefined, built: unknown): unknown {
  if (frame === undefined || typeof built !== 'object' || built === null) return frame;
  const annotations = Object.getOwnPropertySymbols(built);
  if (annotations.length === 0) return frame;
  const descriptors = Object.getOwnPropertyDescriptors(frame) as PropertyDescriptorMap;
  for (const symbol of annotations) {
    const descriptor = Object.getOwnPropertyDescriptor(built, symbol);
    if (descriptor !== undefined) descriptors[symbol] = descriptor;
  }
  return Object.create(Object.getPrototypeOf(frame), descriptors);
}

/**
 * The inner stream, with the transport report on its `finish` part and, when the socket was interrupted,
 * the transport's own error (which names the cause) instead of the AI SDK's generic wrapper.
 */
function publishStream(
  inner: ReadableStream<StreamPart>,
  report: TransportReport,
): ReadableStream<StreamPart> {
  const reader = inner.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
        } else if (value.type === 'finish') {
          const providerMetadata = { ...value.providerMetadata, [METADATA_KEY]: toMetadata(report) };
          controller.enqueue({ ...value, providerMetadata });
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        controller.error(unwrapInterruption(error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The report as JSON metadata: everything the caller may want, minus the body (that is `request.body`). */
function toMetadata(report: TransportReport): JSONObject {
  const { sentBody: _inRequestBody, ...facts } = report;
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as JSONObject;
}
