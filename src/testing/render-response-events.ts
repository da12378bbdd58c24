import { createId } from './create-ids';
import type { Item, OutputSpec } from './emulator-types';

/** One event to send, with how many output tokens it carries (for output-speed pacing). */
export interface PlannedEvent {
  readonly event: Item;
  readonly tokens: number;
  /** The first event that carries output (time to first token applies before it). */
  readonly firstOutput?: boolean;
}

/** The response object as the API echoes it, built from the request body. */
export function responseObject(body: Readonly<Record<string, unknown>>, id: string, createdAt: number): Item {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: body.background === true,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: body.model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    safety_identifier: null,
    service_tier: body.service_tier ?? 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: null,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/** ≈ 4 characters a token, the usual rule of thumb; the pieces are what each delta event carries. */
function splitIntoTokens(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Renders a model turn into the event sequence the API sends, in the order the recorded fixtures show:
 * created, in_progress, then per item added → deltas → done, then the terminal event.
 */
export function renderResponseEvents(options: {
  readonly body: Readonly<Record<string, unknown>>;
  readonly responseId: string;
  readonly output: readonly OutputSpec[];
  readonly status: 'completed' | 'incomplete';
  readonly inputTokens: number;
  readonly cachedTokens: number;
}): { events: PlannedEvent[]; response: Item } {
  const { body, responseId } = options;
  const base = responseObject(body, responseId, Math.floor(Date.now() / 1000));
  const events: PlannedEvent[] = [];
  let sequence = 0;
  const push = (event: Item, tokens = 0) => {
    const firstOutput = tokens > 0 && !events.some((planned) => planned.tokens > 0);
    events.push({
      event: { ...event, sequence_number: sequence++ },
      tokens,
      ...(firstOutput ? { firstOutput } : {}),
    });
  };
  const include = Array.isArray(body.include) ? (body.include as unknown[]) : [];
  const items: Item[] = [];
  let outputTokens = 0;
  let reasoningTokens = 0;

  push({ type: 'response.created', response: base });
  push({ type: 'response.in_progress', response: base });

  /**
   * A tool call whose `field` streams: the item added empty, `field`'s text in token-sized deltas
   * (`<events>.delta`), `<events>.done` with the whole text, then the item done with it.
   */
  const streamToolCall = (
    outputIndex: number,
    events: string,
    field: 'arguments' | 'input',
    text: string,
    added: Item & { id: string },
  ) => {
    const pieces = splitIntoTokens(text);
    outputTokens += pieces.length;
    push({ type: 'response.output_item.added', output_index: outputIndex, item: added });
    for (const piece of pieces)
      push({ type: `${events}.delta`, item_id: added.id, output_index: outputIndex, delta: piece }, 1);
    push({ type: `${events}.done`, item_id: added.id, output_index: outputIndex, [field]: text });
    const item = { ...added, status: 'completed', [field]: text };
    push({ type: 'response.output_item.done', output_index: outputIndex, item });
    items.push(item);
  };

  options.output.forEach((spec, outputIndex) => {
    if (spec.type === 'message') {
      const id = createId('msg');
      const pieces = splitIntoTokens(spec.text);
      outputTokens += pieces.length;
      push({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
      });
      const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      push({
        type: 'response.content_part.added',
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        part: emptyPart,
      });
      for (const piece of pieces) {
        push(
          {
            type: 'response.output_text.delta',
            item_id: id,
            output_index: outputIndex,
            content_index: 0,
            delta: piece,
            logprobs: [],
          },
          1,
        );
      }
      const part = { ...emptyPart, text: spec.text };
      push({
        type: 'response.output_text.done',
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        text: spec.text,
        logprobs: [],
      });
      push({
        type: 'response.content_part.done',
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        part,
      });
      const item = { id, type: 'message', status: 'completed', content: [part], role: 'assistant' };
      push({ type: 'response.output_item.done', output_index: outputIndex, item });
      items.push(item);
    } else if (spec.type === 'function_call') {
      streamToolCall(outputIndex, 'response.function_call_arguments', 'arguments', spec.arguments, {
        id: createId('fc'),
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: spec.callId ?? createId('call'),
        name: spec.name,
      });
    } else if (spec.type === 'custom_tool_call') {
      streamToolCall(outputIndex, 'response.custom_tool_call_input', 'input', spec.input, {
        id: createId('ctc'),
        type: 'custom_tool_call',
        status: 'in_progress',
        call_id: spec.callId ?? createId('call'),
        name: spec.name,
        input: '',
        ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
      });
    } else if (spec.type === 'tool_search_call' || spec.type === 'tool_search_output') {
      const call = spec.type === 'tool_search_call';
      const item = call
        ? {
            id: createId('tsc'),
            type: 'tool_search_call',
            status: 'completed',
            arguments: spec.arguments,
            call_id: spec.callId ?? createId('call'),
            execution: spec.execution ?? 'client',
          }
        : {
            id: createId('tso'),
            type: 'tool_search_output',
            status: 'completed',
            call_id: spec.callId ?? null,
            execution: spec.execution ?? 'server',
            tools: spec.tools,
          };
      // As recorded: added in progress (a call with empty arguments), then done whole; no delta events.
      const added = { ...item, status: 'in_progress', ...(call ? { arguments: {} } : {}) };
      push({ type: 'response.output_item.added', output_index: outputIndex, item: added });
      push({ type: 'response.output_item.done', output_index: outputIndex, item });
      items.push(item);
    } else if (spec.type === 'compaction') {
      const id = createId('cmp');
      const item = {
        id,
        type: 'compaction',
        encrypted_content: spec.encryptedContent ?? `enc_${Buffer.from(id).toString('base64')}`,
      };
      push({ type: 'response.output_item.added', output_index: outputIndex, item });
      push({ type: 'response.output_item.done', output_index: outputIndex, item });
      items.push(item);
    } else {
      const id = createId('rs');
      const summary = spec.summary ?? [];
      const encrypted = include.includes('reasoning.encrypted_content')
        ? { encrypted_content: spec.encryptedContent ?? `enc_${Buffer.from(id).toString('base64')}` }
        : {};
      push({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id, type: 'reasoning', ...encrypted, summary: [] },
      });
      summary.forEach((text, summaryIndex) => {
        const pieces = splitIntoTokens(text);
        reasoningTokens += pieces.length;
        const emptyPart = { type: 'summary_text', text: '' };
        push({
          type: 'response.reasoning_summary_part.added',
          item_id: id,
          output_index: outputIndex,
          summary_index: summaryIndex,
          part: emptyPart,
        });
        for (const piece of pieces) {
          push(
            {
              type: 'response.reasoning_summary_text.delta',
              item_id: id,
              output_index: outputIndex,
              summary_index: summaryIndex,
              delta: piece,
            },
            1,
          );
        }
        push({
          type: 'response.reasoning_summary_text.done',
          item_id: id,
          output_index: outputIndex,
          summary_index: summaryIndex,
          text,
        });
        push({
          type: 'response.reasoning_summary_part.done',
          item_id: id,
          output_index: outputIndex,
          summary_index: summaryIndex,
          part: { type: 'summary_text', text },
        });
      });
      const item = {
        id,
        type: 'reasoning',
        ...encrypted,
        summary: summary.map((text) => ({ type: 'summary_text', text })),
      };
      push({ type: 'response.output_item.done', output_index: outputIndex, item });
      items.push(item);
    }
  });

  const usage = {
    input_tokens: options.inputTokens,
    input_tokens_details: { cached_tokens: options.cachedTokens },
    output_tokens: outputTokens + reasoningTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: options.inputTokens + outputTokens + reasoningTokens,
  };
  const incomplete = options.status === 'incomplete';
  const response = {
    ...base,
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    output: items,
    usage,
  };
  push({ type: incomplete ? 'response.incomplete' : 'response.completed', response });
  return { events, response };
}
