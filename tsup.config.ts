import { defineConfig } from 'tsup';

// Peer and runtime dependencies stay external so the consumer's single copy of the AI SDK is used.
const external = ['ws', 'ai', '@ai-sdk/openai', '@ai-sdk/provider', '@ai-sdk/provider-utils', 'zod'];
const define = { __PACKAGE_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0') };

export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    define,
    external,
  },
  {
    // What the edge-light, workerd and browser export conditions resolve to: an import that says to use Node.
    entry: { 'edge-runtime': 'src/edge-runtime.ts' },
    format: ['esm'],
    target: 'es2022',
    define,
  },
  {
    // The standalone emulator is a program, not a library: ESM only (it uses top-level await).
    entry: { 'emulator-cli': 'src/testing/emulator-cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    define,
    external,
  },
]);
