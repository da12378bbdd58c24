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
      return;
    }
    // Such a fault could never match: fail where it is written, not as a fault that silently never fires.
    if (fault.connectionId !== undefined && fault.transport === 'http')
      throw new TypeError(`A '${fault.kind}' fault with a connectionId applies to WebSocket requests only.`);
    if (fault.kind === 'go-silent' && fault.transport === 'http')
      throw new TypeError(
        "A 'go-silent' fault applies to WebSocket connections only (over HTTP use 'stall').",
      );
    this.requestFaults.push(fault);
  }

  clear(): void {
    this.requestFaults = [];
    this.upgradeFaults = [];
  }

  /**
   * The first fault, in injection order, for a request on this transport and (WebSocket) connection, taken
   * out of the plan. A fault bound to another connection is skipped, not consumed.
   */
  takeRequestFault(transport: 'ws' | 'http', connectionId?: number): RequestFault | undefined {
    const index = this.requestFaults.findIndex(
      (fault) =>
        (fault.transport ?? 'ws') === transport &&
        (fault.connectionId === undefined || fault.connectionId === connectionId),
    );
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
