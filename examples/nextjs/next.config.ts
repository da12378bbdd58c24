import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Loaded by Node at run time, not bundled: `ws` requires optional native add-ons (bufferutil,
  // utf-8-validate) inside try/catch, which a bundler turns into hard "module not found" failures or
  // stubs, and the provider's socket pool must be one module instance per server process, shared by
  // every request.
  serverExternalPackages: ['ws', 'ai-sdk-openai-ws'],
  // The app is its own root: the repository around it has a lockfile too, which Next would otherwise
  // take for a monorepo's root.
  outputFileTracingRoot: fileURLToPath(new URL('.', import.meta.url)),
};

export default config;
