import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Runs a module script in a child Node process from the repository root (so it can import `./src/…`),
 * and resolves with its exit code — `null` when it had to be killed after `timeoutMs`, i.e. it hung —
 * and everything it printed. `onOutput` sees the output so far after every chunk, to drive the script.
 */
export async function runScript(
  script: string,
  options: { timeoutMs: number; onOutput?: (output: string, child: ChildProcess) => void },
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
    options.onOutput?.(output, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, options.timeoutMs);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output };
}
