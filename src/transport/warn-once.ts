import { BoundedMap } from './bounded-map';

/** Warnings already given in this process, by what they are about. */
const given = new BoundedMap<string, true>(256);

/**
 * Gives a warning once per process for what it is about (a socket URL and a cause, say): providers made
 * per request share sockets and what was learnt about a host, so they share its warning too.
 */
export function warnOnce(warn: (message: string) => void, about: string, message: string): void {
  if (given.has(about)) return;
  given.set(about, true);
  warn(message);
}
