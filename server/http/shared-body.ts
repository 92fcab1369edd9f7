// The encoded body of an answer built around a large part that is reused while its data is
// unchanged (a dashboard's figures, a worklist page). Serialising that part and encoding the
// whole to UTF-8 cost a dashboard read ~20 µs (Chinese labels); the bytes are kept beside the
// shared part, for the small varying head they were built with.
const bodies = new WeakMap<object, { head: string; bytes: Uint8Array<ArrayBuffer> }>();

/**
 * `shared` is the reused (never mutated) object; `head` is everything else the body depends on,
 * as a string; `build` makes the body text. Returns the UTF-8 bytes, rebuilt when the head differs.
 */
export function sharedBody(shared: object, head: string, build: () => string): Uint8Array<ArrayBuffer> {
  const kept = bodies.get(shared);
  if (kept && kept.head === head) return kept.bytes;
  const bytes = Buffer.from(build(), 'utf8');
  bodies.set(shared, { head, bytes });
  return bytes;
}
