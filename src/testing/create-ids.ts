import { randomBytes } from 'node:crypto';

/** Ids shaped like the API's: a prefix and 48 hex digits. */
export function createId(
  prefix: 'resp' | 'msg' | 'fc' | 'call' | 'rs' | 'ctc' | 'tsc' | 'tso' | 'cmp' | 'ig',
): string {
  return `${prefix}_${randomBytes(prefix === 'call' ? 12 : 24).toString('hex')}`;
}
