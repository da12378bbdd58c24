/**
 * The `agent-N` scenario: a coding agent with a ~2 KB system prompt, six tools (~3 KB of definitions) and
 * ~4 KB tool outputs. Everything is deterministic (a seeded generator), so every contender and every
 * repetition sends byte-identical conversations.
 */
import type { JSONSchema7Definition, LanguageModelV3FunctionTool } from '@ai-sdk/provider';
import { jsonSchema, tool } from 'ai';

/** Deterministic pseudo-random words (mulberry32), so payloads are realistic but reproducible. */
export function seededText(seed: number, bytes: number): string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const words = [
    'const',
    'return',
    'function',
    'import',
    'export',
    'async',
    'await',
    'value',
    'result',
    'error',
    'request',
    'response',
    'socket',
    'stream',
    'buffer',
    'index',
    'items',
    'config',
    'handler',
    'options',
    'input',
    'output',
    'model',
    'tool',
    'step',
    'chain',
    'state',
    'frame',
    'event',
    'string',
    'number',
    'promise',
    'timeout',
    'retry',
  ];
  let text = '';
  let line = 0;
  while (text.length < bytes) {
    const count = 4 + Math.floor(next() * 8);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(words[Math.floor(next() * words.length)]!);
    line++;
    text += `${String(line).padStart(4, ' ')}  ${parts.join(' ')};\n`;
  }
  return text.slice(0, bytes);
}

const SYSTEM_HEADER =
  'You are a careful senior software engineer working in a TypeScript monorepo. Use the tools to read, ' +
  'search and edit files; run the tests after every change; never invent file contents. Keep answers short. ';

/** ~2 KB system prompt. */
export const SYSTEM_PROMPT = SYSTEM_HEADER + seededText(7, 2048 - SYSTEM_HEADER.length);

export const USER_PROMPT =
  'The WebSocket transport drops the last event of a response when the socket closes early. Find the cause, ' +
  'fix it, and make sure the tests pass.';

interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly properties: Record<string, { type: string; description: string }>;
}

const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: 'read_file',
    description:
      'Reads a file of the repository and returns its text with line numbers. Use offset and limit to page ' +
      'through large files; binary files are refused. Paths are relative to the repository root.',
    properties: {
      path: { type: 'string', description: 'Path of the file, relative to the repository root.' },
      offset: { type: 'number', description: 'First line to return (1-based). Defaults to 1.' },
      limit: { type: 'number', description: 'Most lines to return. Defaults to 400.' },
    },
  },
  {
    name: 'grep',
    description:
      'Searches the repository for a regular expression and returns matching lines with their paths and line ' +
      'numbers. Honors .gitignore. Returns at most 200 matches; narrow the pattern or the glob for more.',
    properties: {
      pattern: { type: 'string', description: 'A JavaScript regular expression, without slashes.' },
      glob: {
        type: 'string',
        description: 'Optional glob restricting the files searched, e.g. src/**/*.ts.',
      },
      ignore_case: { type: 'boolean', description: 'Match case-insensitively. Defaults to false.' },
    },
  },
  {
    name: 'list_files',
    description:
      'Lists the files under a directory of the repository, recursively, honoring .gitignore. Directories are ' +
      'listed with a trailing slash. Use depth to limit recursion on large trees.',
    properties: {
      path: { type: 'string', description: 'Directory relative to the repository root; "." for the root.' },
      depth: { type: 'number', description: 'How many directory levels to descend. Defaults to 3.' },
    },
  },
  {
    name: 'edit_file',
    description:
      'Replaces one exact occurrence of a string in a file with another string. Fails when the old string is ' +
      'missing or occurs more than once; include enough surrounding context to make it unique.',
    properties: {
      path: { type: 'string', description: 'Path of the file to edit, relative to the repository root.' },
      old_string: { type: 'string', description: 'The exact text to replace, including whitespace.' },
      new_string: { type: 'string', description: 'The replacement text.' },
    },
  },
  {
    name: 'run_tests',
    description:
      'Runs the test suite (or a subset) and returns the summary and the output of failing tests. Tests run ' +
      'with a two-minute timeout; long outputs are truncated from the middle.',
    properties: {
      filter: { type: 'string', description: 'Optional test name or file filter passed to the runner.' },
      update_snapshots: { type: 'boolean', description: 'Update snapshots instead of failing on them.' },
    },
  },
  {
    name: 'run_command',
    description:
      'Runs a shell command in the repository root and returns exit code, stdout and stderr. Network access is ' +
      'disabled. Commands that do not finish within sixty seconds are killed.',
    properties: {
      command: { type: 'string', description: 'The command line, run with /bin/sh -c.' },
      timeout_ms: { type: 'number', description: 'Timeout in milliseconds, at most 60000.' },
    },
  },
];

export const TOOL_NAMES: readonly string[] = TOOL_SPECS.map((spec) => spec.name);

/** The JSON the Responses API receives for the tools (used to size the definitions). */
export function toolDefinitionsJson(): string {
  return JSON.stringify(
    TOOL_SPECS.map((spec) => ({
      type: 'function',
      name: spec.name,
      description: spec.description,
      parameters: {
        type: 'object',
        properties: spec.properties,
        required: [Object.keys(spec.properties)[0]],
      },
      strict: false,
    })),
  );
}

/** The tools as `LanguageModelV3` function tools, for driving a model's `doStream` directly. */
export function functionTools(): LanguageModelV3FunctionTool[] {
  return TOOL_SPECS.map((spec) => ({
    type: 'function',
    name: spec.name,
    description: spec.description,
    inputSchema: {
      type: 'object',
      properties: spec.properties as Record<string, JSONSchema7Definition>,
      required: [Object.keys(spec.properties)[0]!],
    },
  }));
}

/** Bytes of each tool output. */
export const TOOL_OUTPUT_BYTES = 4096;

/**
 * AI SDK tools whose `execute` returns a ~4 KB output, distinct per call so no two outputs are identical:
 * at once, or after `delayMs` (a tool that takes that long, e.g. a test run).
 */
export function agentTools(outputBytes = TOOL_OUTPUT_BYTES, { delayMs = 0 }: { delayMs?: number } = {}) {
  let calls = 0;
  return Object.fromEntries(
    TOOL_SPECS.map((spec) => [
      spec.name,
      tool({
        description: spec.description,
        inputSchema: jsonSchema<Record<string, unknown>>({
          type: 'object',
          properties: spec.properties,
          required: [Object.keys(spec.properties)[0]!],
        }),
        execute: async () => {
          const output = seededText(1000 + calls++, outputBytes);
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          return output;
        },
      }),
    ]),
  );
}

/** The arguments the scripted model passes on tool call number `k` (0-based): ~300 bytes, ~75 tokens. */
export function toolArguments(k: number): string {
  const name = TOOL_NAMES[k % TOOL_NAMES.length]!;
  const first = Object.keys(TOOL_SPECS[k % TOOL_SPECS.length]!.properties)[0]!;
  const note = seededText(500 + k, 240).replace(/\s+/g, ' ');
  return JSON.stringify({ [first]: `src/transport/${name}-${k}.ts`, note });
}

/** The final answer of the scripted model. */
export function finalAnswer(toolCalls: number): string {
  return `Done after ${toolCalls} tool calls. ` + seededText(99, 280).replace(/\s+/g, ' ');
}

/**
 * The streaming benchmark's answer: `tokens` pieces of 4 characters, which the emulator sends as that many
 * `response.output_text.delta` events (one token each).
 */
export function streamingAnswer(tokens: number): string {
  return seededText(42, tokens * 4);
}
