import type { EmulatorModel, Item, ModelTurnInput } from '../../../src/testing';

/** The emulator's rule of thumb: about 4 characters a token. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The model behind the emulator host. It does what the suite's prompts ask, as any real model does, so
 * the same requests lead to the same protocol outcomes on the emulator as on a real host: a forced
 * `tool_choice` calls that function, "the numbers from 1 to N" writes them out, anything else is "ok";
 * an answer longer than `max_output_tokens` is cut there and ends `incomplete`.
 */
export function conformanceModel(): EmulatorModel {
  return (turn) => {
    const forced = forcedFunction(turn);
    if (forced !== undefined)
      return {
        output: [
          {
            type: 'function_call',
            name: String(forced.name),
            arguments: JSON.stringify(argumentsFor(forced)),
          },
        ],
      };
    const upTo = /from 1 to (\d+)/.exec(latestUserText(turn))?.[1];
    const text =
      upTo === undefined ? 'ok' : Array.from({ length: Number(upTo) }, (_, index) => index + 1).join(' ');
    const limit = turn.body.max_output_tokens;
    if (typeof limit === 'number' && tokens(text) > limit)
      return { output: [{ type: 'message', text: text.slice(0, limit * 4) }], status: 'incomplete' };
    return { output: [{ type: 'message', text }] };
  };
}

/** The function tool `tool_choice` forces: a named one, or the first with `required`. */
function forcedFunction(turn: ModelTurnInput): Item | undefined {
  const choice = turn.body.tool_choice;
  const functions = turn.tools.filter((tool) => tool.type === 'function');
  if (choice === 'required') return functions[0];
  if (typeof choice === 'object' && choice !== null && (choice as Item).type === 'function')
    return functions.find((tool) => tool.name === (choice as Item).name);
  return undefined;
}

function argumentsFor(tool: Item): Record<string, unknown> {
  const schema = (tool.parameters ?? {}) as { properties?: Record<string, Item>; required?: string[] };
  const required = schema.required ?? Object.keys(schema.properties ?? {});
  return Object.fromEntries(
    required.map((name) => {
      const type = schema.properties?.[name]?.type;
      return [name, type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : 'conformance'];
    }),
  );
}

function latestUserText(turn: ModelTurnInput): string {
  const user = [...turn.newInput].reverse().find((item) => item.role === 'user');
  const content = user?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => String((part as Item).text ?? '')).join(' ') : '';
}
