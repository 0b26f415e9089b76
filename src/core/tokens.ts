// The token port the Defender client draws from. Identity implements it for the app context
// (client credentials) and for a signed-in user (delegated). It lives in core/ so that neither
// side imports the other: identity/ sits below defender/ and must not import it.

export type TokenContext = 'app' | 'user';

export interface AccessTokenSource {
  readonly context: TokenContext;
  /** A bearer token for the MDE API; `forceRefresh` skips any cache (used once after a 401). */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}
