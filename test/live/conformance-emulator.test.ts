/**
 * The conformance suite against the emulator, as `npm run test:live` runs it without a key: every rule
 * holds. (Against OpenAI the suite runs only from `npm run test:live`, never under `npm test`.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_RULES } from './conformance/all-rules';
import { startEmulatorHost } from './conformance/emulator-host';
import type { ConformanceHost } from './conformance/rule';
import { runRule } from './conformance/run-rules';

let host: ConformanceHost | undefined;

afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('conformance suite against the emulator', () => {
  it.each(ALL_RULES.map((rule) => [rule.name, rule] as const))('%s holds', async (_name, rule) => {
    ({ host } = await startEmulatorHost());
    const row = await runRule(host, rule);
    expect({ verdict: row.verdict, detail: row.detail }).toEqual({
      verdict: 'held',
      detail: expect.any(String),
    });
  });

  it('names every rule once', () => {
    const names = ALL_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
