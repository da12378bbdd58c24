import type { EmulatorFault } from './emulator-types';

export type RequestFault = Exclude<EmulatorFault, { kind: 'refuse-upgrade' | 'slow-handshake' }>;
export type UpgradeFault = Extract<EmulatorFault, { kind: 'refuse-upgrade' | 'slow-handshake' }>;

/** Faults waiting for their request or upgrade, first in first out. */
export class FaultPlan {
  private requestFaults: RequestFault[] = [];
  private upgradeFaults: Array<{ fault: UpgradeFault; remaining: number }> = [];

  add(fault: EmulatorFault): void {
    if (fault.kind === 'refuse-upgrade' || fault.kind === 'slow-handshake') {
      this.upgradeFaults.push({ fault, remaining: fault.times ?? 1 });
    } else {
      this.requestFaults.push(fault);
    }
  }

  clear(): void {
    this.requestFaults = [];
    this.upgradeFaults = [];
  }

  /** The next fault for a request on this transport, taken out of the plan. */
  takeRequestFault(transport: 'ws' | 'http'): RequestFault | undefined {
    const index = this.requestFaults.findIndex((fault) => (fault.transport ?? 'ws') === transport);
    return index < 0 ? undefined : this.requestFaults.splice(index, 1)[0];
  }

  /** The fault for the next upgrade; each counts down its `times`. */
  takeUpgradeFault(): UpgradeFault | undefined {
    const entry = this.upgradeFaults[0];
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.upgradeFaults.shift();
    return entry.fault;
  }
}
