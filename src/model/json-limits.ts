// Bounds on untrusted JSON text: nesting depth, keys per object, items per array and no NUL character in any string.
// One scanner serves the request body parser (a violation is a 400) and the store's reads of JSON columns (a stored
// value beyond the bounds reads as its fallback), so no client-supplied value can make a later read fail.

export interface JsonLimits {
  /** Deepest nesting of objects and arrays (a bare scalar is depth 0, `{}` depth 1). */
  maxDepth: number;
  /** Most members in one object. */
  maxKeys: number;
  /** Most items in one array. */
  maxItems: number;
  /** Refuse `\u0000` in any string or key (PostgreSQL text cannot hold it). */
  rejectNul: boolean;
}

/** What broke a bound, and the top-level member it happened in (undefined for a list body or at the root). */
export interface JsonViolation {
  reason: 'depth' | 'keys' | 'items' | 'nul';
  field?: string;
}

/**
 * What the store accepts when it reads a JSON column back: wider than any configurable request limit
 * (ServiceSettings.ParleyMaximumJsonDepth is at most STORED_JSON_LIMITS.maxDepth), far below what would exhaust the
 * stack when the value is serialised again. Rows written before request bodies were bounded may exceed it.
 */
export const STORED_JSON_LIMITS: JsonLimits = { maxDepth: 128, maxKeys: 100_000, maxItems: 1_000_000, rejectNul: false };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const U = 0x75;

/**
 * Checks JSON text against `limits` without parsing it: one pass over the characters, tracking string state,
 * nesting and the commas of each open container. Text that is not valid JSON may pass (JSON.parse then refuses it).
 */
export function checkJsonText(text: string, limits: JsonLimits): JsonViolation | undefined {
  // commas[d]: separators seen in the container open at depth d; isObject[d]: whether it is an object.
  const commas: number[] = [];
  const isObject: boolean[] = [];
  let depth = 0;
  let topKey: string | undefined;
  let expectTopKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      const isTopKey = depth === 1 && expectTopKey;
      // Skip to the closing quote, looking only at escapes. A NUL in a top-level key names no field.
      for (i = start; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        if (s === BACKSLASH) {
          if (limits.rejectNul && text.charCodeAt(i + 1) === U && text.startsWith('0000', i + 2))
            return { reason: 'nul', field: isTopKey ? undefined : topKey };
          i++;
        }
      }
      if (isTopKey) {
        topKey = decodeKey(text.slice(start, i));
        expectTopKey = false;
      }
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > limits.maxDepth) return { reason: 'depth', field: topKey };
      commas[depth] = 0;
      isObject[depth] = c === OPEN_OBJECT;
      if (depth === 1) expectTopKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === COMMA && depth > 0) {
      const count = ++commas[depth]!;
      if (isObject[depth]) {
        if (count >= limits.maxKeys) return { reason: 'keys', field: depth === 1 ? undefined : topKey };
        if (depth === 1) expectTopKey = true;
      } else if (count >= limits.maxItems) return { reason: 'items', field: depth === 1 ? undefined : topKey };
    }
  }
  return undefined;
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Parses JSON read from storage; empty, malformed or out-of-bounds text reads as `fallback`. */
export function parseBoundedJson<T>(text: string | null | undefined, fallback: T, limits: JsonLimits = STORED_JSON_LIMITS): T {
  if (!text) return fallback;
  // Text too short to break any bound needs no scan (most props, notify_props, file_ids).
  const unbreakable = !limits.rejectNul && text.length < Math.min(2 * limits.maxDepth, limits.maxKeys, limits.maxItems);
  if (!unbreakable && checkJsonText(text, limits)) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
