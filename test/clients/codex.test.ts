/**
 * `codex exec` (the pinned @openai/codex), unchanged, against the emulator through a custom model provider
 * with `supports_websockets = true`: a short tool loop completes, follow-ups continue incrementally on one
 * socket, and it recovers from the connection lifetime limit and from a 426 at the upgrade (HTTP fallback).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createResponsesEmulator,
  type Item,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
  scriptedModel,
} from '../../src/testing';
import { runCodex } from './codex-run';

let emulator: ResponsesEmulator | undefined;
afterEach(async () => {
  // What the client sent, request by request, in the CI log (the evidence docs/clients.md summarises).
  for (const request of emulator?.metrics.requests ?? [])
    console.log(
      `${request.transport}${request.connectionId ?? ''} #${request.index} ${request.generate ? '' : 'warm-up '}prev=${request.previousResponseId === undefined ? '-' : 'yes'} input=[${((request.body.input as Item[] | undefined) ?? []).map((item) => item.type ?? item.role).join(',')}] fields=${Object.keys(request.body).sort().join(',')} ${request.outcome}`,
    );
  await emulator?.close();
  emulator = undefined;
});

/** Runs `echo step-N` with Codex's exec_command tool `steps` times, then reports what the commands printed. */
const shellAgent = (steps: number, delayMs = 0) =>
  scriptedModel(async ({ input }) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const lastUser = input.findLastIndex((item) => item.role === 'user');
    const outputs = input.slice(lastUser).filter((item) => item.type === 'function_call_output');
    if (outputs.length < steps)
      return {
        output: [
          {
            type: 'function_call',
            name: 'exec_command',
            arguments: JSON.stringify({ cmd: `echo step-${outputs.length + 1}` }),
          },
        ],
      };
    const printed = outputs.map((item) => /step-\d/.exec(outputText(item))?.[0]).join(' ');
    return { output: [{ type: 'message', text: `ran: ${printed}` }] };
  });

function outputText(item: Item): string {
  return typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
}

async function start(options: ResponsesEmulatorOptions) {
  emulator = await createResponsesEmulator(options);
  return emulator;
}

const agentMessages = (events: Array<Record<string, unknown>>) =>
  events
    .filter((event) => event.type === 'item.completed')
    .map((event) => event.item as { type: string; text?: string })
    .filter((item) => item.type === 'agent_message')
    .map((item) => item.text);

describe('codex exec against the emulator', () => {
  it('completes a tool loop: warm-up, then previous_response_id + only the new items, on one socket', async () => {
    const emu = await start({ model: shellAgent(2) });
    const run = await runCodex({ baseURL: emu.baseURL, prompt: 'Run the two steps.' });
    expect(run.code, run.stderr).toBe(0);
    expect(agentMessages(run.events)).toEqual(['ran: step-1 step-2']);

    const requests = emu.metrics.requests;
    expect(emu.metrics.connections).toBe(1);
    expect(requests.every((request) => request.transport === 'ws' && request.connectionId === 1)).toBe(true);
    expect(requests.map((request) => request.outcome)).toEqual(Array(requests.length).fill('completed'));
    // A generate: false warm-up first, then every request continues the one before it from the cache.
    expect(requests[0]!.generate).toBe(false);
    expect(requests[0]!.previousResponseId).toBeUndefined();
    for (let index = 1; index < requests.length; index++)
      expect(requests[index]).toMatchObject({
        previousResponseId: requests[index - 1]!.responseId,
        cacheHit: true,
      });
    // Turn request, step 1 output, step 2 output: the step requests carry only the new tool output.
    expect(requests).toHaveLength(4);
    for (const step of requests.slice(2)) {
      const input = step.body.input as Item[];
      expect(input.map((item) => item.type)).toEqual(['function_call_output']);
    }
    // Tools are re-sent, identical, on every request.
    const tools = requests.map((request) => JSON.stringify(request.body.tools));
    expect(new Set(tools).size).toBe(1);
    expect(requests.map((request) => request.openaiBeta)).toEqual(
      Array(requests.length).fill('responses_websockets=2026-02-06'),
    );
  });

  it('recovers from the connection lifetime limit: a new socket, full input, no previous_response_id', async () => {
    // Each model turn takes 400 ms, the socket lives 600 ms: the limit strikes between two steps.
    const emu = await start({ model: shellAgent(3, 400), connectionLifetimeMs: 600 });
    const run = await runCodex({ baseURL: emu.baseURL, prompt: 'Run the three steps.' });
    expect(run.code, run.stderr).toBe(0);
    expect(agentMessages(run.events)).toEqual(['ran: step-1 step-2 step-3']);

    const requests = emu.metrics.requests;
    expect(emu.metrics.connections).toBeGreaterThanOrEqual(2);
    expect(requests.every((request) => request.transport === 'ws')).toBe(true);
    // The first request on each later socket starts over: full input, no previous_response_id.
    const firstOnSocket = (id: number) => requests.find((request) => request.connectionId === id)!;
    for (let id = 2; id <= emu.metrics.connections; id++) {
      const first = firstOnSocket(id);
      if (first.generate === false) continue;
      expect(first.previousResponseId).toBeUndefined();
      expect(first.inputItems).toBeGreaterThan(2);
    }
    // Nothing was sent twice: every request the server accepted completed.
    expect(requests.filter((request) => request.accepted).every((r) => r.outcome === 'completed')).toBe(true);
  });

  it('falls back to HTTP on a 426 at the upgrade and completes there', async () => {
    const emu = await start({ model: shellAgent(2) });
    emu.injectFault({ kind: 'refuse-upgrade', status: 426, times: 100 });
    const run = await runCodex({ baseURL: emu.baseURL, prompt: 'Run the two steps.' });
    expect(run.code, run.stderr).toBe(0);
    expect(agentMessages(run.events)).toEqual(['ran: step-1 step-2']);
    expect(emu.metrics.upgrades.refused).toBeGreaterThanOrEqual(1);
    expect(emu.metrics.connections).toBe(0);
    const requests = emu.metrics.requests;
    expect(requests.every((request) => request.transport === 'http')).toBe(true);
    expect(requests.map((request) => request.outcome)).toEqual(Array(requests.length).fill('completed'));
  });
});
