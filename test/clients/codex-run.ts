/** Runs `codex exec` (the pinned @openai/codex) against an emulator, with nothing but loopback reachable. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const codexBin = join(import.meta.dirname, 'node_modules', '.bin', 'codex');

export interface CodexRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSONL events of `codex exec --json`. */
  readonly events: Array<Record<string, unknown>>;
}

/**
 * A temporary CODEX_HOME whose config.toml names one provider, the emulator (`supports_websockets`), and
 * turns off what would reach the internet (update checks, plugins and apps, web search, analytics). Any
 * other host is sent to a dead proxy, so a default we missed fails loudly instead of going online.
 */
export async function runCodex(options: {
  readonly baseURL: string;
  readonly prompt: string;
  readonly websockets?: boolean;
  readonly timeoutMs?: number;
}): Promise<CodexRun> {
  const home = mkdtempSync(join(tmpdir(), 'codex-home-'));
  const work = mkdtempSync(join(tmpdir(), 'codex-work-'));
  writeFileSync(
    join(home, 'config.toml'),
    `model = "gpt-5.4"
model_provider = "emulator"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false
web_search = "disabled"
model_reasoning_effort = "low"

[analytics]
enabled = false

[feedback]
enabled = false

[history]
persistence = "none"

[features]
plugins = false
remote_plugin = false
apps = false
in_app_updates = false
image_generation = false
browser_use = false
computer_use = false
tool_suggest = false
skill_search = false
api_key_model_discovery = false

[model_providers.emulator]
name = "Responses emulator"
base_url = "${options.baseURL}"
wire_api = "responses"
env_key = "EMULATOR_API_KEY"
supports_websockets = ${options.websockets ?? true}
request_max_retries = 1
stream_max_retries = 2
stream_idle_timeout_ms = 20000
`,
  );
  const dead = 'http://127.0.0.1:9';
  const child = spawn(
    codexBin,
    ['exec', '--json', '--skip-git-repo-check', '--ephemeral', '-C', work, options.prompt],
    {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        CODEX_HOME: home,
        EMULATOR_API_KEY: 'sk-codex',
        HTTP_PROXY: dead,
        HTTPS_PROXY: dead,
        ALL_PROXY: dead,
        http_proxy: dead,
        https_proxy: dead,
        all_proxy: dead,
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
        RUST_LOG: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  const events = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stdout, stderr, events };
}
