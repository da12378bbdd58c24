/**
 * `npm run bench` — the providers side by side on one emulator (see bench/README section of RESULTS.md).
 *
 *   node --import tsx bench/run.ts           full run (~30 min): writes bench/results/latest.json,
 *                                            bench/results/chart.svg and bench/RESULTS.md
 *   node --import tsx bench/run.ts --quick   smoke run (~2 min): writes bench/results/quick.json only
 *   node --import tsx bench/run.ts --render  no run: targets and bench/RESULTS.md again from latest.json
 *                                            (after a change to how they are worded)
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { renderChart } from './chart';
import { type ConcurrencyPlan, runConcurrencyBenchmark } from './concurrency-benchmark';
import { CONTENDERS } from './contenders';
import { RemoteEmulator } from './emulator-client';
import { runBreakdown } from './micro-breakdown';
import { CPU_CONTENDERS, type CpuRun, runCpuConversation, summariseCpu } from './micro-cpu';
import { runMappingBenchmark } from './micro-mapping';
import { type MemorySummary, runMemoryBenchmark } from './micro-memory';
import { runStreamingBenchmark } from './micro-streaming';
import type { BenchResults } from './report/bench-results';
import { runLine } from './report/concurrency-lines';
import { summaryLines } from './report/console-summary';
import { evaluateTargets } from './report/evaluate-targets';
import { renderResults } from './report/render-results';
import { SYSTEM_PROMPT, TOOL_OUTPUT_BYTES, toolDefinitionsJson } from './scenario';
import { runScenario, type ScenarioResult } from './scenario-run';
import { runSensitivity } from './sensitivity';
import { MODEL_TIMING, SERVER_COST, timingFor } from './timing-model';

const quick = process.argv.includes('--quick');

const PLAN = quick
  ? {
      main: { steps: 30, rttMs: 40, repetitions: 2 },
      stepsSweep: { steps: [5, 10], repetitions: 1 },
      rttSweep: { rtts: [] as number[], repetitions: 1 },
      cpu: { steps: 30, repetitions: 1, toolOutputBytes: 10_000 },
      mapping: { replays: 40, warmup: 5 },
      breakdown: { steps: [1, 30], runs: 5 },
      streaming: { tokens: 2_000, repetitions: 1 },
      memory: { conversations: 4, historyBytes: [100_000], toolOutputBytes: 10_000 },
      sensitivity: { steps: 4, rttMs: 0, repetitions: 1, costsPerKiBMs: [0, 2], toolOutputBytes: [16384] },
      concurrency: {
        sizes: [1, 16],
        modelLatenciesMs: [0],
        toolMs: [0],
        repetitions: 1,
        steps: 5,
        timeoutMs: 300_000,
      } satisfies ConcurrencyPlan,
    }
  : {
      main: { steps: 30, rttMs: 40, repetitions: 5 },
      stepsSweep: { steps: [5, 10, 20, 60], repetitions: 3 },
      rttSweep: { rtts: [0, 20, 80], repetitions: 3 },
      cpu: { steps: 100, repetitions: 5, toolOutputBytes: 10_000 },
      mapping: { replays: 300, warmup: 20 },
      breakdown: { steps: [1, 25, 50, 100], runs: 15 },
      streaming: { tokens: 20_000, repetitions: 11 },
      memory: { conversations: 100, historyBytes: [250_000, 1_000_000], toolOutputBytes: 10_000 },
      sensitivity: {
        steps: 30,
        rttMs: 40,
        repetitions: 1,
        costsPerKiBMs: [0, 0.5, 1, 2],
        toolOutputBytes: [1024, 4096, 16384],
      },
      concurrency: {
        sizes: [1, 16, 64, 256, 1000],
        modelLatenciesMs: [0, 1000],
        toolMs: [0, 1500],
        repetitions: 1,
        instantCells: { upToConversations: 64, repetitions: 3 },
        // At 1,000 conversations the client's CPU, more than the latencies, sets HTTP's pace; the corners
        // (neither, both) are kept, the two in between left out to keep this part near ten minutes.
        skip: [
          { conversations: 1000, modelLatencyMs: 1000, toolMs: 0 },
          { conversations: 1000, modelLatencyMs: 0, toolMs: 1500 },
        ],
        steps: 5,
        timeoutMs: 300_000,
      } satisfies ConcurrencyPlan,
    };

function machine() {
  const cpus = os.cpus();
  let nproc = cpus.length;
  try {
    nproc = Number(execSync('nproc', { encoding: 'utf8' }).trim());
  } catch {}
  return {
    nproc,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function main() {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const resultsDir = new URL('./results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  log(`bench: ${quick ? 'quick' : 'full'} mode, contenders ${CONTENDERS.join(', ')}`);

  const emulator = await RemoteEmulator.start(timingFor(PLAN.main.rttMs));
  let results: BenchResults;
  try {
    // Warm-up (discarded): JIT, module loading and the emulator's first requests.
    await runScenario(emulator, {
      name: 'warm-up',
      steps: 3,
      rttMs: 0,
      repetitions: 1,
      timing: timingFor(0),
    });

    const { main: m } = PLAN;
    log(`agent-${m.steps}, round trip ${m.rttMs} ms, ${m.repetitions} repetitions`);
    const main = await runScenario(emulator, {
      name: `agent-${m.steps}`,
      steps: m.steps,
      rttMs: m.rttMs,
      repetitions: m.repetitions,
      timing: timingFor(m.rttMs),
      log,
    });

    const stepsSweep: ScenarioResult[] = [];
    for (const steps of PLAN.stepsSweep.steps) {
      log(`sweep: agent-${steps}, round trip ${m.rttMs} ms`);
      stepsSweep.push(
        await runScenario(emulator, {
          name: `agent-${steps}`,
          steps,
          rttMs: m.rttMs,
          repetitions: PLAN.stepsSweep.repetitions,
          timing: timingFor(m.rttMs),
          log,
        }),
      );
    }
    stepsSweep.push(main);
    stepsSweep.sort((a, b) => a.steps - b.steps);

    const rttSweep: ScenarioResult[] = [];
    for (const rttMs of PLAN.rttSweep.rtts) {
      log(`sweep: agent-${m.steps}, round trip ${rttMs} ms`);
      rttSweep.push(
        await runScenario(emulator, {
          name: `agent-${m.steps}@${rttMs}ms`,
          steps: m.steps,
          rttMs,
          repetitions: PLAN.rttSweep.repetitions,
          timing: timingFor(rttMs),
          log,
        }),
      );
    }
    rttSweep.push(main);
    rttSweep.sort((a, b) => a.rttMs - b.rttMs);

    log(`micro: provider CPU per step, ${PLAN.cpu.steps} steps × ${PLAN.cpu.repetitions}`);
    await emulator.setTiming({});
    // One discarded conversation per contender warms the JIT for the measured ones.
    for (const contender of CPU_CONTENDERS)
      await runCpuConversation(emulator, contender, 30, PLAN.cpu.toolOutputBytes);
    const cpuRuns: CpuRun[] = [];
    for (let repetition = 0; repetition < PLAN.cpu.repetitions; repetition++) {
      for (const contender of CPU_CONTENDERS) {
        cpuRuns.push(await runCpuConversation(emulator, contender, PLAN.cpu.steps, PLAN.cpu.toolOutputBytes));
      }
    }
    const cpu = summariseCpu(cpuRuns, PLAN.cpu.toolOutputBytes);
    const breakdown = await runBreakdown({
      steps: PLAN.breakdown.steps,
      toolOutputBytes: PLAN.cpu.toolOutputBytes,
      runs: PLAN.breakdown.runs,
    });

    log(`micro: stream mapping, ${PLAN.mapping.replays} replays`);
    const mapping = await runMappingBenchmark(PLAN.mapping);

    const { streaming: st } = PLAN;
    log(`micro: streaming, ${st.tokens} one-token deltas through streamText × ${st.repetitions}`);
    const streaming = await runStreamingBenchmark(emulator, st);

    const { memory: mem } = PLAN;
    const memory: MemorySummary[] = [];
    for (const historyBytes of mem.historyBytes) {
      log(`micro: memory, ${mem.conversations} conversations × ${historyBytes} B of history`);
      memory.push(...(await runMemoryBenchmark({ ...mem, historyBytes })));
    }

    const { sensitivity: sen } = PLAN;
    log(
      `sensitivity: agent-${sen.steps}, round trip ${sen.rttMs} ms, ${sen.costsPerKiBMs.join('/')} ms per KiB × ${sen.toolOutputBytes.join('/')} B tool outputs`,
    );
    const sensitivity = await runSensitivity(emulator, {
      ...sen,
      perRequestMs: SERVER_COST.perRequestMs,
      timing: (costPerKiBMs) =>
        timingFor(sen.rttMs, {
          perRequestMs: SERVER_COST.perRequestMs,
          perUncachedInputByteMs: costPerKiBMs / 1024,
        }),
      log,
    });

    const { concurrency: conc } = PLAN;
    log(
      `concurrency: ${conc.sizes.join('/')} conversations at once × model ${conc.modelLatenciesMs.join('/')} ms × tools ${conc.toolMs.join('/')} ms`,
    );
    const concurrency = await runConcurrencyBenchmark(conc, (cell, run) => log(runLine(cell, run)));

    results = {
      meta: {
        mode: quick ? 'quick' : 'full',
        date: new Date().toISOString(),
        machine: machine(),
        durationSeconds: 0,
        settings: {
          modelTiming: MODEL_TIMING,
          serverCost: SERVER_COST,
          latency:
            'perFrameMs = round trip (server → client frames only), handshakeMs = round trip (per upgrade)',
          systemPromptBytes: Buffer.byteLength(SYSTEM_PROMPT),
          toolDefinitionsBytes: Buffer.byteLength(toolDefinitionsJson()),
          toolOutputBytes: TOOL_OUTPUT_BYTES,
          store: false,
          concurrencyTiming:
            'model latency = timeToFirstTokenMs only; no server cost, no injected round trip, output not paced',
          plan: PLAN,
        },
      },
      main,
      stepsSweep,
      rttSweep,
      cpu,
      breakdown,
      mapping,
      streaming,
      memory,
      sensitivity,
      concurrency,
      targets: [],
    };
  } finally {
    await emulator.close();
  }

  results.meta.durationSeconds = Math.round((performance.now() - started) / 1000);
  results.meta.loadAverage = { start: loadAtStart, end: os.loadavg() };
  results.targets = evaluateTargets(results);
  const file = quick ? 'quick.json' : 'latest.json';
  writeFileSync(new URL(file, resultsDir), `${JSON.stringify(results, null, 2)}\n`);
  if (!quick) {
    writeFileSync(new URL('chart.svg', resultsDir), renderChart(results));
    writeFileSync(new URL('../RESULTS.md', resultsDir), renderResults(results));
  }
  log('');
  for (const line of summaryLines(results)) log(line);
  log(
    `\nwrote bench/results/${file}${quick ? '' : ', bench/results/chart.svg, bench/RESULTS.md'} (${results.meta.durationSeconds} s)`,
  );
}

/** Re-evaluates the targets and re-renders RESULTS.md from the committed measurements. */
function render() {
  const resultsDir = new URL('./results/', import.meta.url);
  const results = JSON.parse(readFileSync(new URL('latest.json', resultsDir), 'utf8')) as BenchResults;
  results.targets = evaluateTargets(results);
  writeFileSync(new URL('latest.json', resultsDir), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(new URL('../RESULTS.md', resultsDir), renderResults(results));
  for (const line of summaryLines(results)) log(line);
}

(process.argv.includes('--render') ? Promise.resolve().then(render) : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
