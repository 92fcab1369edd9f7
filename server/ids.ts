import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** An opaque secret for cookies and API tokens (256 bits, URL-safe). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256, so a database leak does not leak live sessions. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
