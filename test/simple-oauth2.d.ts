// The little of simple-oauth2 (5.x, shipped without types) that the OAuth provider tests use.
declare module 'simple-oauth2' {
  export interface Token {
    access_token: string;
    refresh_token?: string;
    token_type: string;
    expires_in?: number;
    [k: string]: unknown;
  }
  export interface AccessToken {
    token: Token;
    expired(expirationWindowSeconds?: number): boolean;
    refresh(params?: Record<string, unknown>): Promise<AccessToken>;
  }
  export interface ModuleOptions {
    client: { id: string; secret: string; secretParamName?: string; idParamName?: string };
    auth: { tokenHost: string; tokenPath?: string; authorizeHost?: string; authorizePath?: string; revokePath?: string };
    options?: { authorizationMethod?: 'header' | 'body'; bodyFormat?: 'form' | 'json' };
    http?: Record<string, unknown>;
  }
  export class AuthorizationCode {
    constructor(options: ModuleOptions);
    authorizeURL(params: { redirect_uri?: string; scope?: string | string[]; state?: string; [k: string]: unknown }): string;
    getToken(
      params: { code: string; redirect_uri?: string; [k: string]: unknown },
      httpOptions?: Record<string, unknown>,
    ): Promise<AccessToken>;
    createToken(token: Token): AccessToken;
  }
}
