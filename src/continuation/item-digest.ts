import { createHash } from 'node:crypto';

/**
 * A digest of an item as it goes over the wire (its JSON): equal digests mean the server is sent the same
 * bytes for it. SHA-256, so that no content can be made to pass for another. Key order counts, which only
 * ever turns a continuation into a full resend.
 */
export function itemDigest(item: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(item) ?? 'null')
    .digest('base64');
}

const inputDigests = new WeakMap<readonly unknown[], string[]>();

/**
 * The digests of the first `count` items of `input`, each computed once per input array: one request may
 * be compared with the chains of several sockets.
 */
export function digestsOf(input: readonly unknown[], count: number): readonly string[] {
  let digests = inputDigests.get(input);
  if (digests === undefined) {
    digests = [];
    inputDigests.set(input, digests);
  }
  for (let index = digests.length; index < Math.min(count, input.length); index++)
    digests.push(itemDigest(input[index]));
  return digests;
}
