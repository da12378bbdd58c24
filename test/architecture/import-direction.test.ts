import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The house's floors, lowest first (docs/architecture.md): a file imports from its own floor or below,
 * never from above, and no imports go round in a circle. The emulator (src/testing) is a house of its own:
 * it imports nothing of the provider, and the provider nothing of it.
 */
const src = fileURLToPath(new URL('../../src', import.meta.url));
const FLOORS: ReadonlyArray<readonly [floor: string, matches: (file: string) => boolean]> = [
  ['errors, urls, version', (file) => /^(errors\/|endpoint-urls\.ts|version\.ts)/.test(file)],
  ['continuation', (file) => file.startsWith('continuation/')],
  ['settings', (file) => file === 'ws-openai-settings.ts'],
  ['transport', (file) => file.startsWith('transport/')],
  ['adapter', (file) => !/^(ws-openai-provider|create-azure-ws-openai|index|edge-runtime)\.ts$/.test(file)],
  ['provider', () => true],
];

function floorOf(file: string): number {
  return FLOORS.findIndex(([, matches]) => matches(file));
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(src, path)] : [];
  });
}

function localImports(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(src, `${resolve(dirname(join(src, file)), specifier)}.ts`));
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, localImports(file)]));

it('no import runs up a floor, and the emulator and the provider import nothing of each other', () => {
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    for (const imported of imports) {
      const testing = [file, imported].map((path) => path.startsWith('testing/'));
      if (testing[0] !== testing[1]) wrong.push(`${file} → ${imported} (emulator and provider)`);
      else if (!testing[0] && floorOf(imported) > floorOf(file))
        wrong.push(`${file} (${FLOORS[floorOf(file)]![0]}) → ${imported} (${FLOORS[floorOf(imported)]![0]})`);
    }
  }
  expect(wrong).toEqual([]);
});

it('no imports go round in a circle', () => {
  const circles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const imported of graph.get(file) ?? []) visit(imported, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  expect(circles).toEqual([]);
});
