/**
 * One cell of the concurrency benchmark on its own, for profiling and for trying a change:
 *
 *   node --import tsx bench/concurrency.ts --conversations 1000 --latency-ms 0 --tool-ms 0 --contender ws
 *
 * Options: `--contender http|ws|ws-lanes` (repeatable or comma-separated; default all three, alternating),
 * `--repetitions N` (default 1), `--steps N` (default 5), `--timeout-s N` (default 300), `--cpu-prof` (a
 * V8 CPU profile of each client process) and `--cpu-prof-emulator` (of each emulator process), written to
 * bench/.scratch/profiles/{client,emulator}/ (not committed); `--json` prints the cell's result as JSON instead of the table.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCell } from './concurrency-benchmark';
import { CONCURRENCY_CONTENDERS, type ConcurrencyContenderId } from './concurrency-contenders';
import { concurrencyRowLines, runLine } from './report/concurrency-lines';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '16' },
    'latency-ms': { type: 'string', default: '0' },
    'tool-ms': { type: 'string', default: '0' },
    contender: { type: 'string', multiple: true },
    repetitions: { type: 'string', default: '1' },
    steps: { type: 'string', default: '5' },
    'timeout-s': { type: 'string', default: '300' },
    'cpu-prof': { type: 'boolean', default: false },
    'cpu-prof-emulator': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function count(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a whole number, not ${value}`);
  return parsed;
}

function contenders(): ConcurrencyContenderId[] {
  const named = (values.contender ?? []).flatMap((value) => value.split(','));
  if (named.length === 0) return [...CONCURRENCY_CONTENDERS];
  for (const id of named) {
    if (!(CONCURRENCY_CONTENDERS as readonly string[]).includes(id))
      throw new Error(`--contender must be one of ${CONCURRENCY_CONTENDERS.join(', ')}, not ${id}`);
  }
  return named as ConcurrencyContenderId[];
}

const PROFILES = new URL('./.scratch/profiles/', import.meta.url);

/** One folder per role; in each, a process leaves one profile per thread (its main thread's is the largest). */
function profileFlags(enabled: boolean, role: 'client' | 'emulator'): string[] {
  if (!enabled) return [];
  const dir = fileURLToPath(new URL(`${role}/`, PROFILES));
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', dir];
}

async function main() {
  const spec = {
    conversations: count('conversations', values.conversations),
    modelLatencyMs: count('latency-ms', values['latency-ms']),
    toolMs: count('tool-ms', values['tool-ms']),
  };
  const cell = await runCell(spec, {
    steps: count('steps', values.steps),
    repetitions: Math.max(1, count('repetitions', values.repetitions)),
    timeoutMs: count('timeout-s', values['timeout-s']) * 1000,
    contenders: contenders(),
    clientExecArgv: profileFlags(values['cpu-prof'] === true, 'client'),
    emulatorExecArgv: profileFlags(values['cpu-prof-emulator'] === true, 'emulator'),
    onRun: values.json ? undefined : (cell, run) => process.stdout.write(`${runLine(cell, run)}\n`),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(cell, null, 2)}\n`);
  else for (const line of concurrencyRowLines(cell)) process.stdout.write(`${line}\n`);
  if (values['cpu-prof'] || values['cpu-prof-emulator'])
    process.stdout.write(`profiles in ${fileURLToPath(PROFILES)}{client,emulator}/\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
