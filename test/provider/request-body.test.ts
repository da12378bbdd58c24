import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { generateText, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWsOpenAI } from '../../src';
import { BODY_KEPT_AS_OBJECT, onRequestBuilt } from '../../src/capture-request-body';
import { createResponsesModel } from '../../src/load-responses-model';
import { createResponsesEmulator, type ResponsesEmulator } from '../../src/testing';

/**
 * The transport takes the request body as the object @ai-sdk/openai built (no parse of the string it
 * posts). These cases check that what goes out over the socket is, field for field, what the same call
 * posts over HTTP: on a fresh socket (no continuation) only `stream` and the frame's `type` differ.
 */
let emulator: ResponsesEmulator;
beforeAll(async () => {
  emulator = await createResponsesEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const tools = {
  lookup: tool({
    description: 'Looks a word up.',
    inputSchema: z.object({ word: z.string(), limit: z.number().int().optional() }),
    execute: async ({ word }) => `${word}: a word`,
  }),
};

type Call = (model: Parameters<typeof generateText>[0]['model']) => PromiseLike<unknown>;

const cases: Array<[string, Call]> = [
  [
    'streamText with system, tools, tool choice and provider options',
    (model) =>
      streamText({
        model,
        system: 'Be brief.',
        prompt: 'Look up "cat".',
        tools,
        toolChoice: 'required',
        maxOutputTokens: 300,
        providerOptions: {
          openai: { reasoningEffort: 'low', parallelToolCalls: false, user: 'u-1', metadata: { run: 'a' } },
        },
      }).consumeStream(),
  ],
  [
    'generateText with structured output and store false',
    (model) =>
      generateText({
        model,
        prompt: 'Name a colour.',
        output: Output.object({ schema: z.object({ colour: z.string() }) }),
        providerOptions: { openai: { store: false, include: ['reasoning.encrypted_content'] } },
      }).catch(() => undefined),
  ],
  [
    'generateText with an image and a multi-message history',
    (model) =>
      generateText({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
            ],
          },
          { role: 'assistant', content: 'A picture.' },
          { role: 'user', content: 'Of what?' },
        ],
      }),
  ],
];

describe('the body on the socket is the body HTTP posts', () => {
  it.each(cases)('%s', async (_, call) => {
    const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    const ws = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    try {
      const first = emulator.metrics.requests.length;
      await call(http.responses('gpt-5.4'));
      await call(ws('gpt-5.4'));
      const [overHttp, overWebSocket] = emulator.metrics.requests.slice(first);
      expect(overHttp!.transport).toBe('http');
      expect(overWebSocket!.transport).toBe('ws');
      const { stream: _stream, ...httpBody } = overHttp!.body;
      expect(overWebSocket!.body).toEqual(httpBody);
    } finally {
      await ws.close();
    }
  });
});

describe('@ai-sdk/openai does not serialise a body the transport takes as an object', () => {
  /** What the API answers a request it rejects. */
  const badRequest = () =>
    Response.json({ error: { message: 'Bad tool', type: 'invalid_request_error' } }, { status: 400 });

  /** The inner model as the adapter drives it, its `fetch` a recorder that answers 400 as the API would. */
  function innerModel(posted: string[]) {
    const model = createResponsesModel('gpt-5.4', {
      provider: 'openai.responses',
      url: ({ path }) => `https://api.example.test/v1${path}`,
      headers: () => ({ authorization: 'Bearer sk-body' }),
      fetch: async (_url, init) => {
        posted.push(String(init?.body));
        return badRequest();
      },
    });
    const built: Array<Record<string, unknown>> = [];
    onRequestBuilt(model, (args) => built.push(args));
    return { model, built };
  }

  const options = {
    prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }],
    tools: [
      {
        type: 'function' as const,
        name: 'lookup',
        description: 'Looks a word up.',
        inputSchema: { type: 'object', properties: { word: { type: 'string' } } },
      },
    ],
  };

  it.each(['doStream', 'doGenerate'] as const)(
    '%s posts the stand-in; its error carries the body as HTTP does',
    async (call) => {
      const posted: string[] = [];
      const { model, built } = innerModel(posted);
      const error = await model[call](options).then(
        () => undefined,
        (caught: unknown) => caught,
      );

      // What plain @ai-sdk/openai posts and reports for the same call.
      const reference: string[] = [];
      const http = createOpenAI({
        baseURL: 'https://api.example.test/v1',
        apiKey: 'sk-body',
        fetch: async (_url, init) => {
          reference.push(String(init?.body));
          return badRequest();
        },
      }).responses('gpt-5.4');
      const referenceError = await http[call](options).then(
        () => undefined,
        (caught: unknown) => caught,
      );

      expect(posted).toEqual([BODY_KEPT_AS_OBJECT]);
      const { stream: _stream, ...referenceBody } = JSON.parse(reference[0]!);
      expect(built).toHaveLength(1);
      expect(built[0]).toEqual(referenceBody);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(APICallError.isInstance(referenceError)).toBe(true);
      // The stand-in is gone from the body the model keeps: the error carries exactly what HTTP's does.
      const values = (error as APICallError).requestBodyValues as Record<string, unknown>;
      expect(Object.keys(values)).toEqual(
        Object.keys((referenceError as APICallError).requestBodyValues as object),
      );
      expect(JSON.stringify(values)).toBe(reference[0]);
    },
  );
});

describe('a stream that fails before its first output', () => {
  it("carries in its error the body the model kept, as HTTP's does (not the stand-in)", async () => {
    const fault = { kind: 'error-then-failed', code: 'bad_thing', type: 'invalid_request_error' } as const;
    const failure = async (model: Parameters<typeof streamText>[0]['model']) => {
      let caught: unknown;
      await streamText({
        model,
        prompt: 'Hi',
        onError: ({ error }) => {
          caught = error;
        },
      }).consumeStream();
      return caught as APICallError;
    };
    const http = createOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    const ws = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-body' });
    try {
      emulator.injectFault({ ...fault, transport: 'http' });
      const overHttp = await failure(http.responses('gpt-5.4'));
      emulator.injectFault(fault);
      const overWebSocket = await failure(ws('gpt-5.4'));

      expect(APICallError.isInstance(overHttp)).toBe(true);
      expect(APICallError.isInstance(overWebSocket)).toBe(true);
      const values = overWebSocket.requestBodyValues as Record<string, unknown>;
      // Checked before anything serialises it: a stand-in's toJSON would remove itself on that first call.
      expect(Object.hasOwn(values, 'toJSON')).toBe(false);
      expect(values).toEqual(overHttp.requestBodyValues);
    } finally {
      await ws.close();
    }
  });
});
