import type { EmulatorModel, Item, ModelTurnInput } from './emulator-types';

export interface DemoModelOptions {
  /** Most tool calls before it answers. @default 3 */
  readonly maxToolCalls?: number;
}

/**
 * A deterministic stand-in for a model, so examples run with no key: it calls the function tools it is
 * given one after another (arguments built from each tool's JSON schema, from a word of the user's
 * latest message and from what earlier tools returned), then answers with the lines of the tool results
 * that mention that word.
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
            arguments: JSON.stringify(argumentsFor(tool, word, pathFromResults(outputs, word), outputs)),
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
      return `- ${String(call?.name ?? 'tool')}: ${relevantLines(result, word)}`;
    });
    return {
      output: [
        {
          type: 'message',
          text: `What the tools found about "${word}":\n${lines.join('\n')}\n(This answer comes from the emulator's demo model.)`,
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

/**
 * The lines of a tool result that mention the keyword (a few, each one trimmed), else the whole result
 * on one line, so a short listing shows every entry.
 */
function relevantLines(result: string, word: string): string {
  const lines = result
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const matching = lines.filter((line) => line.toLowerCase().includes(word.toLowerCase()));
  if (matching.length > 0)
    return matching
      .slice(0, 6)
      .map((line) => line.slice(0, 160))
      .join('\n  ');
  const joined = lines.join(', ');
  return joined.length > 400 ? `${joined.slice(0, 400)}…` : joined;
}

/** The latest number an earlier tool returned (a person passes on the figure they just looked up). */
function numberFromResults(outputs: readonly Item[]): number | undefined {
  for (const item of [...outputs].reverse()) {
    const found = /-?\d+(?:\.\d+)?/.exec(String(item.output ?? ''));
    if (found !== null) return Number(found[0]);
  }
  return undefined;
}

function argumentsFor(
  tool: Item,
  word: string,
  path: string,
  outputs: readonly Item[],
): Record<string, unknown> {
  const schema = (tool.parameters ?? {}) as { properties?: Record<string, Item>; required?: string[] };
  const properties = schema.properties ?? {};
  const required = schema.required ?? Object.keys(properties);
  return Object.fromEntries(
    required.map((name) => [name, valueFor(name, properties[name] ?? {}, word, path, outputs)]),
  );
}

function valueFor(name: string, schema: Item, word: string, path: string, outputs: readonly Item[]): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer': {
      const found = numberFromResults(outputs);
      if (found === undefined) return 1;
      return schema.type === 'integer' ? Math.round(found) : found;
    }
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
