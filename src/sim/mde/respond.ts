// Writes JSON the way MDE does (OData headers) and turns thrown errors into MDE's error envelope.
import type { ErrorRequestHandler, Response } from 'express';
import { MdeError } from './errors.js';

const ODATA_CONTENT_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';

export function sendJson(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .set('Content-Type', ODATA_CONTENT_TYPE)
    .set('OData-Version', '4.0')
    .send(JSON.stringify(body));
}

export function sendError(res: Response, error: MdeError): void {
  res.set(error.headers);
  res
    .status(error.status)
    .set('Content-Type', 'application/json; charset=utf-8')
    .send(JSON.stringify(error.toBody()));
}

/** Body-parser failures become InvalidRequestBody; anything unexpected an InternalServerError. */
export const mdeErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof MdeError) {
    sendError(res, error);
  } else if (isBodyParserError(error)) {
    sendError(res, new MdeError(400, 'InvalidRequestBody', 'Request body is incorrect'));
  } else {
    sendError(res, new MdeError(500, 'InternalServerError', ''));
  }
};

function isBodyParserError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('type' in error)) return false;
  return typeof error.type === 'string' && error.type.startsWith('entity.');
}
