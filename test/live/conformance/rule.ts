import type { WsOpenAIProvider } from '../../../src';
import type { HostSocket } from './host-socket';

/**
 * What a rule found on a host. `not supported`: the host refused the feature the rule is about (e.g. lanes)
 * with an error naming it, which is no breach of the protocol. `skipped`: the rule could not be run there
 * (no credentials, or the host would not produce the situation the rule needs).
 */
export type Verdict = 'held' | 'failed' | 'not supported' | 'skipped';

export interface RuleResult {
  readonly verdict: Verdict;
  readonly detail: string;
}

export const held = (detail: string): RuleResult => ({ verdict: 'held', detail });
export const failed = (detail: string): RuleResult => ({ verdict: 'failed', detail });
export const notSupported = (detail: string): RuleResult => ({ verdict: 'not supported', detail });
export const skipped = (detail: string): RuleResult => ({ verdict: 'skipped', detail });

/** A server that speaks WebSocket mode, as the suite reaches it. */
export interface ConformanceHost {
  /** The name in the table's host column. */
  readonly name: string;
  readonly wsURL: string;
  /** Headers of every upgrade (credentials included). */
  readonly headers: Readonly<Record<string, string>>;
  /** The `model` of every request (an Azure deployment name on Azure). */
  readonly model: string;
  /** Longest wait for a response's terminal event: a guard against a hang, not a measurement. */
  readonly deadlineMs: number;
  /** A provider from src for the same host, for the rules that go through `createWsOpenAI`. */
  createProvider(warn: (message: string) => void): WsOpenAIProvider;
  close(): Promise<void>;
}

export interface RuleContext {
  readonly host: ConformanceHost;
  /** A new socket to the host; the runner closes every socket a rule opened when the rule ends. */
  connect(): Promise<HostSocket>;
  /** A `response.create` frame for the host's model, `store: false` unless `fields` says otherwise. */
  create(fields: Record<string, unknown>): Record<string, unknown>;
}

/** One named protocol rule. */
export interface ConformanceRule {
  /** Kebab-case, the table's rule column and the CLI's `--rule` value. */
  readonly name: string;
  /** What it asserts, in one line (docs/conformance.md says more). */
  readonly asserts: string;
  /** Throws when the host misbehaves in a way that stops the rule (reported as failed, with the message). */
  run(context: RuleContext): Promise<RuleResult>;
}

/** Collects what did not hold, so a rule reports every broken expectation, not only the first. */
export class Expectations {
  private readonly problems: string[] = [];

  /** Records `problem` unless `condition` holds; returns `condition`. */
  expect(condition: boolean, problem: string): boolean {
    if (!condition) this.problems.push(problem);
    return condition;
  }

  /** `held` with `detail` when everything held, else `failed` listing what did not. */
  result(detail: string): RuleResult {
    return this.problems.length === 0 ? held(detail) : failed(this.problems.join('; '));
  }
}
