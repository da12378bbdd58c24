/**
 * The repository's test suites on the ai@7 line: the root's own test files and sources, with `ai`,
 * `@ai-sdk/*` and `zod` resolved from this directory's install (ai@7, @ai-sdk/openai@4) instead of the
 * root's (ai@6, @ai-sdk/openai@3). Run by ./run.sh on Node 24, with the root's vitest.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import rootConfig from '../../../vitest.config.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const ownInstall = `${here}node_modules/`;
// Kept equal to the pattern in resolve-hooks.mjs (which does the same for child processes).
const redirected = /^(ai|zod|@ai-sdk\/[^/]+)(\/.*)?$/;

export default mergeConfig(
  rootConfig,
  defineConfig({
    root: repositoryRoot,
    plugins: [
      {
        name: 'resolve-ai-sdk-from-the-ai7-install',
        enforce: 'pre',
        async resolveId(source, importer, options) {
          // Modules inside this install resolve their own dependencies (nested copies included).
          if (!redirected.test(source) || importer?.startsWith(ownInstall)) return null;
          return this.resolve(source, `${here}package.json`, { ...options, skipSelf: true });
        },
      },
    ],
    test: {
      // Scripts the tests run in child processes resolve the same way (a Node module hook).
      env: { NODE_OPTIONS: `--import=${here}register-resolve-hooks.mjs` },
    },
  }),
);
