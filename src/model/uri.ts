// Percent-decoding of what clients send (cookies, query values, paths), which may not be valid encoding.

/** decodeURIComponent, or the text as given when it is not valid percent-encoding: a client's bytes, never a 500. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
