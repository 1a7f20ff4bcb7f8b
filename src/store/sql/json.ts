// Helpers for the text-encoded JSON and 0/1 boolean columns.
export function parseJson<T>(s: string | null | undefined, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export const b = (v: boolean | undefined | null): number => (v ? 1 : 0);
