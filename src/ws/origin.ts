// Which pages may open a websocket that rides on the browser's session cookie (cross-site websocket hijacking).
import type { Config } from '../config/config.ts';

/**
 * Mattermost's rule: the page must be of the site's own origin — SiteURL's scheme, host and port, or, with no SiteURL,
 * the request's Host — or be listed in ServiceSettings.AllowCorsFrom (space-separated; `*` allows any). A request
 * without an Origin is not a browser's, and `null` (a sandboxed or file page) is no site's origin.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, settings: Config['ServiceSettings']): boolean {
  if (origin === undefined) return true;
  const allowed = settings.AllowCorsFrom.split(/\s+/).filter(Boolean);
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (settings.SiteURL) return u.origin === siteOrigin(settings.SiteURL);
  return !!host && u.host.toLowerCase() === host.toLowerCase();
}

function siteOrigin(siteURL: string): string | undefined {
  try {
    return new URL(siteURL).origin;
  } catch {
    return undefined;
  }
}
