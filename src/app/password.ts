// Password hashing as Mattermost does it: PBKDF2-SHA256 in a PHC string; bcrypt hashes (imported or older) are verified.
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

const pbkdf2Async = promisify(pbkdf2);
const b64 = (buf: Buffer) => buf.toString('base64').replace(/=+$/, '');

/** `$pbkdf2$f=SHA256,w=<iterations>,l=32$<salt>$<hash>` with unpadded standard base64, as Mattermost writes it. */
export async function hashPassword(password: string, workFactor: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(password, salt, workFactor, 32, 'sha256');
  return `$pbkdf2$f=SHA256,w=${workFactor},l=32$${b64(salt)}$${b64(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!stored) return false;
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  const m = /^\$pbkdf2\$([^$]*)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!m) return false;
  const params = Object.fromEntries(m[1].split(',').map((kv) => kv.split('=') as [string, string]));
  if ((params.f ?? 'SHA256').toUpperCase() !== 'SHA256') return false;
  const iterations = Number(params.w);
  const keyLen = Number(params.l ?? 32);
  if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(keyLen) || keyLen < 1 || keyLen > 128) return false;
  const expected = Buffer.from(m[3], 'base64');
  const actual = await pbkdf2Async(password, Buffer.from(m[2], 'base64'), iterations, keyLen, 'sha256');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
