#!/usr/bin/env node
/**
 * Runs the Responses API emulator standalone: `npm run emulator -- --help` lists the options. Point a client
 * at it with OPENAI_BASE_URL=<printed baseURL>. A bad option exits with code 2.
 */
import { createResponsesEmulator } from './create-responses-emulator';
import { EMULATOR_CLI_USAGE, EmulatorCliUsageError, parseEmulatorCliArgs } from './emulator-cli-options';

let parsed: ReturnType<typeof parseEmulatorCliArgs>;
try {
  parsed = parseEmulatorCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof EmulatorCliUsageError)) throw error;
  console.error(`openai-responses-emulator: ${error.message}\nRun with --help for the options.`);
  process.exit(2);
}
if (parsed === 'help') {
  console.log(EMULATOR_CLI_USAGE);
  process.exit(0);
}

const emulator = await createResponsesEmulator(parsed);
console.log(`Responses emulator listening: baseURL ${emulator.baseURL} (WebSocket ${emulator.wsURL})`);

const stop = async () => {
  const { requests, connections } = emulator.metrics;
  await emulator.close();
  console.log(`stopped after ${requests.length} requests on ${connections} WebSocket connections`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
