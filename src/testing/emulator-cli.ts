#!/usr/bin/env node
/**
 * Runs the Responses API emulator standalone:
 *   npm run emulator -- [--port 4010] [--host 127.0.0.1] [--tokens-per-second N] [--ttft-ms N]
 *                       [--latency-ms N] [--handshake-ms N] [--lifetime-ms N]
 * then point a client at it with OPENAI_BASE_URL=<printed baseURL> (any API key is accepted).
 */
import { parseArgs } from 'node:util';
import { createResponsesEmulator } from './create-responses-emulator';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'tokens-per-second': { type: 'string' },
    'ttft-ms': { type: 'string' },
    'latency-ms': { type: 'string' },
    'handshake-ms': { type: 'string' },
    'lifetime-ms': { type: 'string' },
  },
});
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const emulator = await createResponsesEmulator({
  port: Number(values.port),
  host: values.host,
  connectionLifetimeMs: number(values['lifetime-ms']),
  timing: {
    outputTokensPerSecond: number(values['tokens-per-second']),
    timeToFirstTokenMs: number(values['ttft-ms']),
    latency: { perFrameMs: number(values['latency-ms']), handshakeMs: number(values['handshake-ms']) },
  },
});
console.log(`Responses emulator listening: baseURL ${emulator.baseURL} (WebSocket ${emulator.wsURL})`);

const stop = async () => {
  const { requests, connections } = emulator.metrics;
  await emulator.close();
  console.log(`stopped after ${requests.length} requests on ${connections} WebSocket connections`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
