import type { EmulatorModel, Item, ModelTurnInput } from './emulator-types';

export interface DemoModelOptions {
  /** Most tool calls before it answers. @default 3 */
  readonly maxToolCalls?: number;
}

/**
 * A deterministic stand-in for a model, so examples run with no key: it calls the function tools it is
 * given one after another (arguments built from each tool's JSON schema, using a word of the user's
 * latest message), then answers with what the tools returned.
 */
export function demoModel(options: DemoModelOptions = {}): EmulatorModel {
  const maxToolCalls = options.maxToolCalls ?? 3;
  return (turn) => {
    const tools = turn.tools.filter((tool) => tool.type === 'function');
    // Only this turn's tool results count: a new user message starts the work over.
    const lastUser = turn.input.map((item) => item.role).lastIndexOf('user');
    const outputs = turn.input.slice(lastUser + 1).filter((item) => item.type === 'function_call_output');
    const calls = Math.min(tools.length, maxToolCalls);
    const word = keyword(turn);
    if (outputs.length < calls) {
      const tool = tools[outputs.length]!;
      return {
        output: [
          {
            type: 'function_call',
            name: String(tool.name),
            arguments: JSON.stringify(argumentsFor(tool, word, pathFromResults(outputs, word))),
          },
        ],
      };
    }
    if (outputs.length === 0) {
      return {
        output: [
          {
            type: 'message',
            text: `You said: "${latestUserText(turn)}". (This is the emulator's demo model.)`,
          },
        ],
      };
    }
    const lines = outputs.map((item) => {
      const call = turn.input.find(
        (other) => other.type === 'function_call' && other.call_id === item.call_id,
      );
      const result = typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
      return `- ${String(call?.name ?? 'tool')}: ${result.split('\n')[0]?.slice(0, 120) ?? ''}`;
    });
    return {
      output: [
        {
          type: 'message',
          text: `I used ${outputs.length} tool${outputs.length === 1 ? '' : 's'} about "${word}":\n${lines.join('\n')}\n(This answer comes from the emulator's demo model.)`,
        },
      ],
    };
  };
}

function latestUserText(turn: ModelTurnInput): string {
  const user = [...turn.input].reverse().find((item) => item.role === 'user');
  if (user === undefined) return '';
  const content = user.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content)
    ? content.map((part) => (typeof (part as Item).text === 'string' ? (part as Item).text : '')).join(' ')
    : '';
}

/**
 * A plausible search term from the latest user message: an identifier (`fizzBuzz`, `read_file`), else a
 * capitalised name that does not start the sentence (`Oslo`), else the longest ordinary word.
 */
function keyword(turn: ModelTurnInput): string {
  const words = latestUserText(turn).match(/[A-Za-z_][\w.-]*[\w]/g) ?? [];
  const identifier = words.find((word) => /[a-z][A-Z]|_|\w\.\w/.test(word));
  const name = words.slice(1).find((word) => /^[A-Z][a-z]/.test(word));
  const longest = words
    .filter(
      (word) => !/^(where|what|which|should|would|could|defined|does|return|and|the|for|about)$/i.test(word),
    )
    .sort((a, b) => b.length - a.length)[0];
  return identifier ?? name ?? longest ?? 'example';
}

/** A file path seen in earlier tool results, preferring a line that mentions the keyword. */
function pathFromResults(outputs: readonly Item[], word: string): string {
  const lines = outputs.flatMap((item) => String(item.output ?? '').split('\n'));
  const withWord = lines.filter((line) => line.toLowerCase().includes(word.toLowerCase()));
  for (const line of [...withWord, ...lines]) {
    const path = /[\w./-]+\.[A-Za-z]{1,4}\b/.exec(line)?.[0];
    if (path !== undefined) return path;
  }
  return '.';
}

function argumentsFor(tool: Item, word: string, path: string): Record<string, unknown> {
  const schema = (tool.parameters ?? {}) as { properties?: Record<string, Item>; required?: string[] };
  const properties = schema.properties ?? {};
  const required = schema.required ?? Object.keys(properties);
  return Object.fromEntries(
    required.map((name) => [name, valueFor(name, properties[name] ?? {}, word, path)]),
  );
}

function valueFor(name: string, schema: Item, word: string, path: string): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      if (/dir|folder/i.test(name)) return '.';
      if (/path|file/i.test(name)) return path;
      return word;
  }
}
