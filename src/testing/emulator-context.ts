import type {
  EmulatorMetrics,
  EmulatorModel,
  RequestOutcome,
  RequestRecord,
  TimingOptions,
} from './emulator-types';
import type { FaultPlan } from './fault-plan';
import type { HostConventions } from './host-conventions';
import type { KeptResponse } from './response-objects';
import type { StoredResponse } from './response-state';

/** What every connection and HTTP request of one emulator shares. Settings are read through getters, so
 *  `setModel` and `setTiming` take effect for the next request. */
export interface EmulatorContext {
  model(): EmulatorModel;
  timing(): TimingOptions;
  readonly faults: FaultPlan;
  /** Responses created with `store: true`, visible to every connection and to HTTP. */
  readonly store: Map<string, StoredResponse>;
  /** Stored response objects by id, for the HTTP routes (read, input items, delete, cancel). */
  readonly responses: Map<string, KeptResponse>;
  readonly metrics: EmulatorMetrics;
  readonly queue: 'fifo' | 'reject';
  readonly connectionLifetimeMs: number;
  /** The host's conventions (lanes, fields refused with `previous_response_id`, …). */
  readonly conventions: HostConventions;
  /** Answer WebSocket pings (a connection that went silent never does). */
  readonly answerPings: boolean;
  record(fields: Omit<RequestRecord, 'index' | 'outcome' | 'eventsSent' | 'accepted'>): RequestRecord;
  /** Sets a request's final outcome and reports the request to `onRequestSettled` (once). */
  settle(record: RequestRecord, outcome: RequestOutcome): void;
}
