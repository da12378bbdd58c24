#!/usr/bin/env node
/**
 * Runs the Responses API emulator standalone: `npm run emulator -- --help` lists the options. Point a client
 * at it with OPENAI_BASE_URL=<printed baseURL>. It logs one line per request unless `--quiet`. A bad option,
 * or a port it cannot listen on, exits with code 2.
 */
import { createResponsesEmulator, type ResponsesEmulator } from './create-responses-emulator';
import { formatRequestLine } from './emulator-cli-log';
import { EMULATOR_CLI_USAGE, EmulatorCliUsageError, parseEmulatorCliArgs } from './emulator-cli-options';

const usageError = (message: string): never => {
  console.error(`openai-responses-emulator: ${message}`);
  process.exit(2);
};

let parsed: ReturnType<typeof parseEmulatorCliArgs> | undefined;
try {
  parsed = parseEmulatorCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof EmulatorCliUsageError)) throw error;
  usageError(`${error.message}\nRun with --help for the options.`);
}
if (parsed === 'help') {
  console.log(EMULATOR_CLI_USAGE);
  process.exit(0);
}
const { emulator: options, quiet } = parsed!;

let emulator: ResponsesEmulator | undefined;
try {
  emulator = await createResponsesEmulator({
    ...options,
    ...(quiet ? {} : { onRequestSettled: (record) => console.log(formatRequestLine(record)) }),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host}:${options.port}`;
  // A busy or forbidden port is the user's to fix: say so, instead of a stack trace.
  if (code === 'EADDRINUSE')
    usageError(`port ${where} is already in use. Pick another with --port N (--port 0 picks a free one).`);
  if (code === 'EACCES') usageError(`no permission to listen on ${where}. Pick another --port.`);
  if (code === 'EADDRNOTAVAIL') usageError(`cannot listen on ${where}: no such local address (--host).`);
  throw error;
}
const running = emulator!;
console.log(`Responses emulator listening: baseURL ${running.baseURL} (WebSocket ${running.wsURL})`);

const stop = async () => {
  const { requests, connections } = running.metrics;
  await running.close();
  console.log(`stopped after ${requests.length} requests on ${connections} WebSocket connections`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
