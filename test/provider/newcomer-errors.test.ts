import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import * as main from '../../src';
import { createWsOpenAI } from '../../src';
import { createResponsesEmulator } from '../../src/testing';

/** A port nothing listens on: bound once by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('errors a newcomer meets say what to do', () => {
  it('an unreachable server: one message naming the URL and what to check, no HTTP fallback first', async () => {
    const port = await closedPort();
    const warnings: string[] = [];
    const httpCalls: string[] = [];
    const openai = createWsOpenAI({
      apiKey: 'sk-newcomer',
      baseURL: `http://127.0.0.1:${port}/v1`,
      warn: (message) => warnings.push(message),
      fetch: async (input) => {
        httpCalls.push(String(input));
        return globalThis.fetch(input);
      },
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: openai('gpt-5.4'),
      prompt: 'hello',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    await openai.close();

    expect(errors).toHaveLength(1);
    // The AI SDK's own retries (default maxRetries) wrap it; the last error is ours.
    const last = (errors[0] as { lastError?: unknown }).lastError;
    expect(APICallError.isInstance(last)).toBe(true);
    expect((last as APICallError).message).toBe(
      `Nothing is listening at ws://127.0.0.1:${port}/v1/responses (connect ECONNREFUSED 127.0.0.1:${port}): ` +
        'check that the server is running and that baseURL (or OPENAI_BASE_URL) points to it.',
    );
    expect((last as APICallError).isRetryable).toBe(true);
    expect(warnings).toEqual([]);
    expect(httpCalls).toEqual([]);
  });

  describe('the Edge runtime, Cloudflare workers and browsers', () => {
    const root = new URL('../../', import.meta.url);
    const message = "ai-sdk-openai-ws needs the Node.js runtime (export const runtime = 'nodejs')";

    it('importing the package there fails with what to do', async () => {
      await expect(import('../../src/edge-runtime')).rejects.toThrow(message);
    });

    it('package.json sends edge-light, workerd and browser there, ahead of import and require', () => {
      const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
      const conditions = Object.keys(pkg.exports['.']);
      const tsup = readFileSync(new URL('tsup.config.ts', root), 'utf8');
      for (const condition of ['edge-light', 'workerd', 'browser']) {
        expect(pkg.exports['.'][condition]).toEqual({
          types: './dist/index.d.ts',
          default: './dist/edge-runtime.js',
        });
        expect(conditions.indexOf(condition)).toBeLessThan(conditions.indexOf('import'));
      }
      expect(tsup).toContain("'edge-runtime': 'src/edge-runtime.ts'");
    });

    it('it has every value export of the main entry, so named imports bundle and the import is what fails', () => {
      const source = readFileSync(new URL('src/edge-runtime.ts', root), 'utf8');
      const names = [...source.matchAll(/^export const (\w+)/gm)].map((match) => match[1]);
      expect(Object.keys(main).filter((name) => !names.includes(name))).toEqual([]);
    });
  });

  it("a bundled 'ws' (its bufferutil replaced by an empty module): says to keep it external", async () => {
    // What a bundler does to `ws`: its optional require('bufferutil') resolves to an empty module. Here
    // that is the real `ws` next to an empty `bufferutil` package, loaded from a scratch node_modules.
    const scratch = mkdtempSync(join(tmpdir(), 'bundled-ws-'));
    const wsDir = dirname(createRequire(import.meta.url).resolve('ws/package.json'));
    cpSync(wsDir, join(scratch, 'node_modules', 'ws'), { recursive: true });
    mkdirSync(join(scratch, 'node_modules', 'bufferutil'));
    writeFileSync(join(scratch, 'node_modules', 'bufferutil', 'index.js'), 'module.exports = {};\n');
    const BundledWebSocket = createRequire(join(scratch, 'entry.js'))('ws');
    const emulator = await createResponsesEmulator();
    const openai = createWsOpenAI({
      apiKey: 'sk-newcomer',
      baseURL: emulator.baseURL,
      WebSocket: BundledWebSocket,
    });
    try {
      const failure = await generateText({ model: openai('gpt-5.4'), prompt: 'hello' }).catch(
        (error) => error,
      );
      expect(APICallError.isInstance(failure)).toBe(true);
      expect(failure.message).toBe(
        "The WebSocket library 'ws' was bundled, which breaks it (bufferUtil.mask is not a function): load it " +
          "from node_modules instead. In Next.js, add serverExternalPackages: ['ws', 'ai-sdk-openai-ws'] to next.config.",
      );
      expect(failure.isRetryable).toBe(false);
      expect(emulator.metrics.requests).toHaveLength(0);
    } finally {
      await openai.close();
      await emulator.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('a server that answers the upgrade with a web page', () => {
  it('is an APICallError saying so, never read as a successful response', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    // baseURL pointing at a website: every request, the upgrade included, gets a 200 HTML page.
    const site = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    site.on('upgrade', (_request, socket) => {
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 18\r\n\r\n<html>hello</html>',
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const { port } = site.address() as { port: number };
    const openai = createWsOpenAI({
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: 'sk-page',
      fallback: 'none',
    });
    try {
      const seen = await generateText({ model: openai('gpt-5.4'), prompt: 'hi' }).catch((e) => e);
      expect(APICallError.isInstance(seen)).toBe(true);
      expect(seen).toMatchObject({ statusCode: 200, isRetryable: false });
      expect(String(seen.message)).toContain('answered with HTTP 200 instead of 101');
    } finally {
      await openai.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
