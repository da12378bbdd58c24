/**
 * `npm run test:live`: the protocol conformance suite, against the emulator (always, in process) and
 * against OpenAI and Azure when their environment variables are set (docs/conformance.md). Prints a
 * table of what held; exits 1 when a rule failed, 2 on a usage error.
 *
 *   npm run test:live                                   every host
 *   npm run test:live -- --host openai --rule lanes-side-by-side,one-in-flight
 *   npm run test:live -- --list                         the rules and what each asserts
 */
import { parseArgs } from 'node:util';
import { ALL_RULES } from './conformance/all-rules';
import { startEmulatorHost } from './conformance/emulator-host';
import { azureRecipe, type HostRecipe, openaiRecipe } from './conformance/env-hosts';
import { formatTable, summarize } from './conformance/format-table';
import { type ConformanceRow, runRules } from './conformance/run-rules';

const HOSTS = ['emulator', 'openai', 'azure'] as const;

const { values } = parseArgs({
  options: {
    host: { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    list: { type: 'boolean' },
  },
});
if (values.list) {
  for (const rule of ALL_RULES) console.log(`${rule.name}\n  ${rule.asserts}`);
  process.exit(0);
}
const list = (given: string[] | undefined) => given?.flatMap((value) => value.split(',')).filter(Boolean);
const hostNames = list(values.host) ?? [...HOSTS];
const ruleNames = list(values.rule);
const unknownHosts = hostNames.filter((name) => !(HOSTS as readonly string[]).includes(name));
const unknownRules = (ruleNames ?? []).filter((name) => !ALL_RULES.some((rule) => rule.name === name));
if (unknownHosts.length > 0 || unknownRules.length > 0) {
  console.error(
    [
      ...unknownHosts.map((name) => `unknown host '${name}' (hosts: ${HOSTS.join(', ')})`),
      ...unknownRules.map(
        (name) => `unknown rule '${name}' (rules: ${ALL_RULES.map((rule) => rule.name).join(', ')})`,
      ),
    ].join('\n'),
  );
  process.exit(2);
}
const rules = ruleNames === undefined ? ALL_RULES : ALL_RULES.filter((rule) => ruleNames.includes(rule.name));

const rows: ConformanceRow[] = [];
// A remote host takes a while: say what is done so far.
const progress = (row: ConformanceRow) => process.stderr.write(`  ${row.rule}: ${row.verdict}\n`);
for (const name of hostNames) {
  if (name === 'emulator') {
    const { host } = await startEmulatorHost();
    try {
      rows.push(...(await runRules(host, rules)));
    } finally {
      await host.close();
    }
    continue;
  }
  const recipe: HostRecipe = name === 'openai' ? openaiRecipe(process.env) : azureRecipe(process.env);
  if ('skipped' in recipe) {
    rows.push({ rule: '(every rule)', host: name, verdict: 'skipped', detail: recipe.skipped });
    continue;
  }
  process.stderr.write(`${name}: ${recipe.host.wsURL}, model ${recipe.host.model}\n`);
  rows.push(...(await runRules(recipe.host, rules, progress)));
  await recipe.host.close();
}

console.log(formatTable(rows));
console.log(`\n${summarize(rows)}`);
if (rows.some((row) => row.verdict === 'failed')) process.exitCode = 1;
