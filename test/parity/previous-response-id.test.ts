import { generateText, type ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { expectParity, observeGenerate, report, runSideBySide, type Side } from './run-side-by-side';
import { echoScript } from './scripts';

/**
 * A caller that chains responses itself: `providerOptions.openai.previousResponseId` and only the new
 * message. Several conversations at once, so the WebSocket side has several sockets to get wrong.
 */
async function callerChained(side: Side, store: boolean | undefined) {
  const conversation = async (n: number) => {
    const openai = store === undefined ? {} : { store };
    const first = await generateText({
      model: side.model(),
      prompt: `conversation ${n}, turn 1`,
      providerOptions: { openai },
    });
    const previousResponseId = first.providerMetadata?.openai?.responseId as string;
    const messages: ModelMessage[] = [{ role: 'user', content: `conversation ${n}, turn 2` }];
    return observeGenerate(
      generateText({
        model: side.model(),
        messages,
        providerOptions: { openai: { ...openai, previousResponseId } },
      }),
    );
  };
  return Promise.all([1, 2, 3, 4].map(conversation));
}

describe('caller previousResponseId', () => {
  it('store unset: four conversations at once, each chained by the caller', async () => {
    await expectParity('caller previousResponseId, 4 conversations at once (store unset)', {
      model: echoScript(),
      unordered: true,
      run: (side) => callerChained(side, undefined),
    });
  });

  it('store false: HTTP cannot find the response; WebSocket continues it from the socket that holds it', async () => {
    const observed = await runSideBySide({
      model: echoScript(),
      unordered: true,
      run: (side) => callerChained(side, false),
    });
    report('caller previousResponseId, store false (4 at once)', observed, 'deliberate: the socket cache');
    const outcomes = (app: unknown) =>
      (app as { error?: { statusCode?: number }; text?: string }[]).map(
        (turn) => turn.error?.statusCode ?? turn.text,
      );
    // HTTP: nothing was stored, so every chained request is a 400 previous_response_not_found.
    expect(outcomes(observed.http.app)).toEqual([400, 400, 400, 400]);
    // WebSocket mode keeps the last response of each socket: the chained request goes to that socket.
    expect(outcomes(observed.ws.app)).toEqual(Array(4).fill('saw 3 items: user,assistant,user'));
    expect(
      observed.wire.ws.filter((request) => request.previousResponseId !== undefined).map((r) => r.cacheHit),
    ).toEqual([true, true, true, true]);
  });
});
