import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'emulator-cli': 'src/testing/emulator-cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Peer and runtime dependencies stay external so the consumer's single copy of the AI SDK is used.
  define: { __PACKAGE_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0') },
  external: ['ws', 'ai', '@ai-sdk/openai', '@ai-sdk/provider', '@ai-sdk/provider-utils', 'zod'],
});
