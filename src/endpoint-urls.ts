import { invalidSetting } from './errors/invalid-setting';

/**
 * `https://host/v1` + `/responses` → `https://host/v1/responses`, keeping a query string where it belongs:
 * `https://gw/v1?tenant=a` → `https://gw/v1/responses?tenant=a` (plain concatenation would put the path
 * inside the query).
 */
export function joinPath(baseURL: string, path: string): string {
  const url = new URL(baseURL);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.toString();
}

/** `https://host/v1` → `wss://host/v1/responses` (and `http` → `ws` for local servers), query kept. */
export function toWebSocketURL(baseURL: string): string {
  return withSocketScheme(joinPath(baseURL, '/responses'), 'baseURL');
}

/** A socket URL given as is (any path and query); `http(s)` is accepted and mapped to `ws(s)`. */
export function withSocketScheme(value: string, argument: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidSetting(argument, 'is not a valid URL');
  }
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw invalidSetting(argument, `must be an http(s) or ws(s) URL, got ${url.protocol}`);
  return url.toString();
}
