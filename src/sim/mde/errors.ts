// MDE's error envelope ({"error":{code,message,target}}) and the typed error the routes throw to produce it.
import { randomUUID } from 'node:crypto';

export type MdeErrorCode =
  | 'BadRequest'
  | 'ODataError'
  | 'InvalidInput'
  | 'InvalidRequestBody'
  | 'InvalidIpAddress'
  | 'InvalidHashValue'
  | 'InvalidDomainName'
  | 'InvalidUrl'
  | 'MissingRequiredParameter'
  | 'ActiveRequestAlreadyExists'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'ResourceNotFound'
  | 'TooManyRequests'
  | 'InternalServerError';

export interface MdeErrorBody {
  error: { code: MdeErrorCode; message: string; target: string };
}

export class MdeError extends Error {
  constructor(
    readonly status: number,
    readonly code: MdeErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): MdeErrorBody {
    // MDE puts a fresh correlation id in `target` on every error.
    return { error: { code: this.code, message: this.message, target: randomUUID() } };
  }
}

export const badRequest = (code: MdeErrorCode, message: string): MdeError => new MdeError(400, code, message);
export const forbidden = (message: string): MdeError => new MdeError(403, 'Forbidden', message);
export const resourceNotFound = (message: string): MdeError => new MdeError(404, 'ResourceNotFound', message);
