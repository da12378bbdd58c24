import { ConnectionPool, type ConnectionPoolOptions } from './connection-pool';
import type { WebSocketConstructor } from './websocket-port';

/** What sockets are opened with, besides their URL and credentials (which key the sockets of a pool). */
export interface SocketSettings {
  readonly WebSocket: WebSocketConstructor;
  readonly lanes: number;
  readonly incremental: boolean;
  readonly handshakeTimeoutMs: number;
  readonly firstEventTimeoutMs: number;
  readonly eventTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

const pools = new Map<string, ConnectionPool>();
const implementationIds = new WeakMap<WebSocketConstructor, number>();
let implementations = 0;

/**
 * The process's pool for these settings: every provider created with the same connection settings shares
 * it, as every `fetch` shares undici's global dispatcher, so a provider made per request reuses the sockets
 * of the ones before it (each socket still serves only the URL and credentials it was opened with). A
 * pool holds nothing that keeps the process alive while no response runs.
 */
export function processPool(options: ConnectionPoolOptions, sockets: SocketSettings): ConnectionPool {
  const { WebSocket, ...plain } = sockets;
  const fingerprint = JSON.stringify([options, plain, implementationId(WebSocket)]);
  let pool = pools.get(fingerprint);
  if (pool === undefined) {
    pool = new ConnectionPool(options);
    pools.set(fingerprint, pool);
  }
  return pool;
}

function implementationId(WebSocket: WebSocketConstructor): number {
  let id = implementationIds.get(WebSocket);
  if (id === undefined) {
    id = ++implementations;
    implementationIds.set(WebSocket, id);
  }
  return id;
}
