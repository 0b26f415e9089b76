// Records every MDE API call (who called, with what, and the answer's status) so tests can assert
// on what a client actually sent.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessTokenClaims, VerifyAccessToken } from './types.js';

export type TokenKind = 'app' | 'user' | 'none';

export interface CallRecord {
  at: string;
  method: string;
  /** Path as sent, e.g. /api/machines/abc/isolate. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or null when none was sent or it was not JSON. */
  body: unknown;
  /** HTTP status answered; 0 if the connection closed without an answer (a `hang` fault). */
  status: number;
  /** From the verified token: app (roles), user (scp), none (missing or rejected). */
  tokenKind: TokenKind;
  clientId?: string;
  userOid?: string;
  upn?: string;
  /** The injected fault that answered this call, if any. */
  fault?: string;
}

export function createCallLog() {
  const records: CallRecord[] = [];
  return {
    add: (record: CallRecord): void => void records.push(record),
    list: (): CallRecord[] => records.map((r) => ({ ...r })),
    clear: (): void => void (records.length = 0),
  };
}

export type CallLog = ReturnType<typeof createCallLog>;

async function identify(
  verify: VerifyAccessToken,
  header: string | undefined,
): Promise<Pick<CallRecord, 'tokenKind' | 'clientId' | 'userOid' | 'upn'>> {
  let claims: AccessTokenClaims;
  try {
    claims = await verify(header);
  } catch {
    return { tokenKind: 'none' };
  }
  if (claims.scp !== undefined) {
    return {
      tokenKind: 'user',
      clientId: claims.appid,
      userOid: claims.oid,
      ...(claims.upn ? { upn: claims.upn } : {}),
    };
  }
  return { tokenKind: 'app', clientId: claims.appid };
}

const jsonBody = (body: unknown): unknown =>
  body !== null && typeof body === 'object' && Object.keys(body).length > 0 ? body : null;

export function callLogMiddleware(log: CallLog, verify: VerifyAccessToken): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const at = new Date().toISOString();
    const url = new URL(req.originalUrl, 'https://sim.invalid');
    void identify(verify, req.get('authorization')).then((who) => {
      let recorded = false;
      const record = () => {
        if (recorded) return;
        recorded = true;
        const fault = typeof res.locals.simFault === 'string' ? { fault: res.locals.simFault } : {};
        log.add({
          at,
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: jsonBody(req.body),
          status: res.headersSent ? res.statusCode : 0,
          ...who,
          ...fault,
        });
      };
      res.on('finish', record);
      res.on('close', record);
      next();
    }, next);
  };
}
