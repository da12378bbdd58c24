import type { ResolvedSettings, WebSocketImplementation } from '../ws-openai-settings';
import { ConnectionPool, type ConnectionPoolOptions } from './connection-pool';

const pools = new Map<string, ConnectionPool>();
const implementationIds = new WeakMap<WebSocketImplementation, number>();
let implementations = 0;

/**
 * The process's pool for these settings: every provider created with the same connection settings shares
 * it, as every `fetch` shares undici's global dispatcher, so a provider made per request reuses the sockets
 * of the ones before it (each socket still serves only the URL and credentials it was opened with). A
 * pool holds nothing that keeps the process alive while no response runs.
 */
export function processPool(settings: ResolvedSettings): ConnectionPool {
  const options: ConnectionPoolOptions = {
    maxConnections: settings.maxConnections,
    leaseTimeoutMs: settings.leaseTimeoutMs,
    // Keeping a lane's items by reference only pays when its conversation can continue on it.
    chainAffinityMs: settings.incremental ? settings.chainAffinityMs : 0,
    idleTimeoutMs: settings.idleTimeoutMs,
    maxConnectionAgeMs: settings.maxConnectionAgeMs,
    atConnectionLimit: settings.atConnectionLimit,
    hostLimitMs: settings.fallbackCooldownMs,
  };
  // What sockets are opened with, besides their URL and credentials (which key the sockets of a pool).
  const sockets = [
    settings.lanes,
    settings.incremental,
    settings.handshakeTimeoutMs,
    settings.firstEventTimeoutMs,
    settings.eventTimeoutMs,
    settings.heartbeatIntervalMs,
    settings.heartbeatTimeoutMs,
  ];
  const fingerprint = JSON.stringify([options, sockets, implementationId(settings.WebSocket)]);
  let pool = pools.get(fingerprint);
  if (pool === undefined) {
    pool = new ConnectionPool(options);
    pools.set(fingerprint, pool);
  }
  return pool;
}

/** 0 for the default (`ws`), else a number per implementation given. */
function implementationId(WebSocket: WebSocketImplementation | undefined): number {
  if (WebSocket === undefined) return 0;
  let id = implementationIds.get(WebSocket);
  if (id === undefined) {
    id = ++implementations;
    implementationIds.set(WebSocket, id);
  }
  return id;
}
