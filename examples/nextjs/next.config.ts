import type { NextConfig } from 'next';

const config: NextConfig = {
  // Loaded by Node at run time, not bundled: `ws` requires optional native add-ons (bufferutil,
  // utf-8-validate) that bundling breaks, and the provider's socket pool must be one module instance
  // per server process, shared by every request.
  serverExternalPackages: ['ws', 'ai-sdk-openai-ws'],
};

export default config;
