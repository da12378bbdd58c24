/**
 * `@openai/agents` (its Responses WebSocket model), unchanged, against the emulator: a tool loop completes
 * over one socket; by default every turn sends the full input, with a caller `previousResponseId` it
 * continues with only the new items. Tracing is off, so nothing leaves loopback.
 */
import { Agent, setTracingDisabled, tool, withResponsesWebSocketSession } from '@openai/agents';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import {
  createResponsesEmulator,
  type ModelTurnInput,
  type ResponsesEmulator,
  scriptedModel,
} from '../../src/testing';

let emulator: ResponsesEmulator;
const turns: ModelTurnInput[] = [];

beforeAll(() => {
  process.env.OPENAI_AGENTS_DISABLE_TRACING = '1';
  setTracingDisabled(true);
  // The SDK needs a global WebSocket that takes headers: Node 22+ has one (undici's; run.sh runs these on
  // Node 24), and `ws` stands in when the file is run on an older Node.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

beforeEach(async () => {
  turns.length = 0;
  emulator = await createResponsesEmulator({
    model: scriptedModel((turn) => {
      turns.push(turn);
      // A tool call per user question: tool outputs after the last user message answer it.
      const lastUser = turn.input.findLastIndex((item) => item.role === 'user');
      const outputs = turn.input.slice(lastUser).filter((item) => item.type === 'function_call_output');
      if (outputs.length === 0)
        return { output: [{ type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}' }] };
      return { output: [{ type: 'message', text: `It is ${String(outputs.at(-1)!.output)}.` }] };
    }),
  });
});
afterEach(async () => {
  await emulator.close();
});

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}`,
});

function runAgent(previousResponseId?: string) {
  const agent = new Agent({
    name: 'weather',
    instructions: 'Answer briefly.',
    model: 'gpt-5.4',
    tools: [getWeather],
  });
  return withResponsesWebSocketSession(
    (session) =>
      session.run(agent, 'Weather in Oslo?', previousResponseId === undefined ? {} : { previousResponseId }),
    { providerOptions: { apiKey: 'sk-agents', baseURL: emulator.baseURL, useResponsesWebSocket: true } },
  );
}

describe('@openai/agents WebSocket model', () => {
  it('completes a tool loop over one socket, sending the full input every turn by default', async () => {
    const result = await runAgent();
    expect(result.finalOutput).toBe('It is sunny in Oslo.');
    expect(emulator.metrics.connections).toBe(1);
    const requests = emulator.metrics.requests;
    expect(
      requests.map((request) => [request.transport, request.outcome, request.previousResponseId]),
    ).toEqual([
      ['ws', 'completed', undefined],
      ['ws', 'completed', undefined],
    ]);
    // Turn 2 re-sends the user message and the function call with its output.
    expect(requests[1]!.inputItems).toBe(3);
    expect(turns[1]!.newInput.map((item) => item.type ?? item.role)).toEqual(
      expect.arrayContaining(['function_call', 'function_call_output']),
    );
    recordWhatWasSent('agents (default)', requests);
  });

  it('with a caller previousResponseId, continues with previous_response_id and only the new items', async () => {
    // A stored first response, as a caller would have from an earlier run.
    const first = await runAgent();
    const firstId = String(first.lastResponseId);
    emulator.resetMetrics();
    const result = await runAgent(firstId);
    expect(result.finalOutput).toBe('It is sunny in Oslo.');
    const requests = emulator.metrics.requests;
    expect(requests[0]).toMatchObject({ previousResponseId: firstId, outcome: 'completed', cacheHit: false });
    // Then each step chains on the last response, on the same socket (a cache hit), with only its new items.
    expect(requests.slice(1).every((request) => request.cacheHit === true)).toBe(true);
    expect(requests.at(-1)!.previousResponseId).toBe(requests.at(-2)!.responseId);
    expect(emulator.metrics.connections).toBe(1);
    recordWhatWasSent('agents (previousResponseId)', requests);
  });
});

/** What the client put on the wire, for docs/clients.md (printed; the test asserts the behaviour above). */
function recordWhatWasSent(label: string, requests: typeof emulator.metrics.requests): void {
  for (const request of requests)
    console.log(
      `${label}: ${request.transport} fields=${Object.keys(request.body).sort().join(',')} beta=${request.openaiBeta ?? '-'} items=${request.inputItems} prev=${request.previousResponseId ?? '-'}`,
    );
}
