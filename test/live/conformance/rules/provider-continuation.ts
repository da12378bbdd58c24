import { generateText, stepCountIs, tool } from 'ai';
import { z } from 'zod';
import { METADATA_KEY, type WsOpenAIStepMetadata } from '../../../../src';
import { CALL_PROMPT, shortId } from '../protocol-frames';
import { type ConformanceRule, Expectations } from '../rule';

export const providerContinuation: ConformanceRule = {
  name: 'provider-continuation',
  asserts:
    "through createWsOpenAI, a tool loop's second step goes over the same socket, continued with previous_response_id",
  async run({ host }) {
    const warnings: string[] = [];
    const provider = host.createProvider((message) => warnings.push(message));
    try {
      const result = await generateText({
        model: provider(host.model),
        prompt: CALL_PROMPT,
        tools: {
          lookup: tool({
            description: 'Looks a key up and returns its value.',
            inputSchema: z.object({ key: z.string() }),
            execute: async () => ({ value: 42 }),
          }),
        },
        // The first step is forced to call the tool, so that a second step follows whatever the model would
        // rather do; the second may answer or call again (the loop stops after it either way).
        prepareStep: ({ stepNumber }) =>
          stepNumber === 0 ? { toolChoice: { type: 'tool', toolName: 'lookup' } } : { toolChoice: 'auto' },
        stopWhen: stepCountIs(2),
      });
      const steps = result.steps;
      const reports = steps.map(
        (step) => step.providerMetadata?.[METADATA_KEY] as unknown as WsOpenAIStepMetadata | undefined,
      );
      const [first, second] = reports;
      const expectations = new Expectations();
      expectations.expect(steps.length === 2, `${steps.length} steps, not 2`);
      expectations.expect(
        reports.every((report) => report?.transport === 'websocket'),
        `transports ${reports.map((report) => report?.transport).join(', ')}${warnings.length > 0 ? ` (${warnings.join(' ')})` : ''}`,
      );
      expectations.expect(first?.continued === false, 'the first step was continued');
      if (
        expectations.expect(
          second?.continued === true,
          `the second step was not continued (${second?.fullInputReason})`,
        )
      ) {
        expectations.expect(
          second!.previousResponseId === steps[0]!.response.id,
          `the second step continued ${second!.previousResponseId}, not the first step's ${steps[0]!.response.id}`,
        );
        expectations.expect(
          second!.connectionId === first?.connectionId,
          'the steps went over different sockets',
        );
      }
      return expectations.result(
        `step 2 continued ${shortId(String(second?.previousResponseId))} on the same socket, sending ${second?.inputItemsSent} of ${second?.inputItemsTotal} items`,
      );
    } finally {
      await provider.close();
    }
  },
};
