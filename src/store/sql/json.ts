// Helpers for the text-encoded JSON and 0/1 boolean columns.
import { parseBoundedJson } from '../../model/json-limits.ts';

/**
 * A JSON column's value; empty, malformed or deeper than STORED_JSON_LIMITS reads as `fallback`, so that no stored
 * value (one written before request bodies were bounded, say) can make a read fail when it is serialised again.
 */
export function parseJson<T>(s: string | null | undefined, fallback: T): T {
  return parseBoundedJson(s, fallback);
}

export const b = (v: boolean | undefined | null): number => (v ? 1 : 0);
