// Mattermost-style ids: 16 random bytes in base32 with Mattermost's alphabet, 26 lowercase characters.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** Encodes bytes as unpadded base32, with Mattermost's alphabet unless another 32-character one is given. */
export function base32(bytes: Uint8Array, alphabet = ALPHABET): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

// Refilled in blocks: one randomBytes call per 256 ids keeps the send path cheap.
let pool = Buffer.alloc(0);
let poolOffset = 0;

export function newId(): string {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(16 * 256);
    poolOffset = 0;
  }
  const id = base32(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return id;
}

const ID_RE = /^[a-z0-9]{26}$/;

export function isValidId(s: unknown): s is string {
  return typeof s === 'string' && ID_RE.test(s);
}
