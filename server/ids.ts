import * as crypto from 'node:crypto';
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

// The random part of time-ordered ids comes from a pool refilled 4 KB at a time, as randomUUID
// does: a call into the system's generator costs ~5 µs here (randomBytes(16) per id), a copy ~0.1.
const idPool = Buffer.allocUnsafe(4000);
let poolAt = idPool.length;
const idBytes = Buffer.alloc(16);

/**
 * A time-ordered id (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then 74 random bits)
 * for rows written all day long (follow-ups, diary days). Their primary-key index, and the audit
 * log's index by entity id, then take new ids at their end instead of at a random page of a
 * multi-gigabyte index: fewer pages read and rewritten per write at city scale. Not for children,
 * whose ids would tell when they were enrolled.
 */
export function newTimeOrderedId(unixMs: number = Date.now()): string {
  const bytes = idBytes;
  if (poolAt + 10 > idPool.length) {
    randomFillSync(idPool);
    poolAt = 0;
  }
  idPool.copy(bytes, 6, poolAt, poolAt + 10);
  poolAt += 10;
  bytes.writeUIntBE(unixMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An opaque secret for cookies and API tokens (256 bits, URL-safe). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

// Node's one-shot hash (20.12 and later) costs a signed-in request ~1 µs where a Hash object cost ~2
// (and ~9 µs under load in a CPU profile); 20.11 still has only the object.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

/** Secrets are stored only as their SHA-256, so a database leak does not leak live sessions. */
export const hashSecret: (secret: string) => string = oneShotHash ? (secret) => oneShotHash('sha256', secret) : (secret) => createHash('sha256').update(secret).digest('hex');
