// The Mattermost server version Parley answers as, and the X-Version-ID header built from it.

/**
 * The Mattermost version clients gate features on (config `Version`, first three parts of `X-Version-ID`).
 * 11.9.0 keeps the official apps in their supported range: the mobile app forces a logout below 9.11.0 and warns
 * admins below 10.11.0; the desktop app refuses servers below 9.4.0; and it stays under 11.10.0, from which the mobile
 * app assumes channel bookmarks and custom profile attributes exist without looking at their feature flags.
 * It also matches the @mattermost/client / @mattermost/types release the tests use.
 */
export const CURRENT_VERSION = '11.9.0';

/** Mattermost fills these from its build; Parley's are fixed strings without dots (clients split X-Version-ID on '.'). */
export const BUILD_NUMBER = 'parley';
export const BUILD_DATE = '';
export const BUILD_HASH = 'parley';
export const BUILD_HASH_ENTERPRISE = 'none';
export const BUILD_ENTERPRISE_READY = 'false';

/** `X-Version-ID` (and websocket `hello.data.server_version`): `<version>.<build>.<client config hash>.<licensed>`. */
export function versionId(clientConfigHash: string, licensed: boolean): string {
  return `${CURRENT_VERSION}.${BUILD_NUMBER}.${clientConfigHash}.${licensed}`;
}
