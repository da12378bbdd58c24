import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderOptionsDoc } from '../../scripts/render-options-doc';

it('docs/options.md says what the TSDoc of the settings says (npm run docs:options renders it)', () => {
  const current = readFileSync(new URL('../../docs/options.md', import.meta.url), 'utf8');
  expect(current).toBe(renderOptionsDoc());
});
