// Short-lived, signed download links for investigation packages (a stand-in for MDE's blob SAS URLs),
// and the unauthenticated download route they point to (the signature is the credential, as with SAS).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Router } from 'express';
import type { MdeContext } from '../context.js';
import { resourceNotFound } from '../errors.js';
import { stringParam } from './shared.js';

const LINK_LIFETIME_MS = 30 * 60_000;
const signingKey = randomBytes(32);
// An empty ZIP archive: just the end-of-central-directory record.
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export function packageUrl(context: MdeContext, actionId: string): string {
  const expires = context.options.clock.now() + LINK_LIFETIME_MS;
  return `${context.options.publicUrl()}/api/investigation-packages/${actionId}.zip?se=${expires}&sig=${sign(actionId, expires)}`;
}

export function mountPackageRoutes(router: Router, context: MdeContext): void {
  router.get('/investigation-packages/:file', (req, res) => {
    const actionId = stringParam(req, 'file').replace(/\.zip$/i, '');
    const expires = Number(req.query.se);
    const signature = typeof req.query.sig === 'string' ? Buffer.from(req.query.sig) : Buffer.alloc(0);
    const expected = Buffer.from(sign(actionId, expires));
    const valid = signature.length === expected.length && timingSafeEqual(signature, expected);
    if (!valid || !(expires > context.options.clock.now()))
      throw resourceNotFound('The specified blob does not exist.');
    res.status(200).type('application/zip').send(EMPTY_ZIP);
  });
}

function sign(actionId: string, expires: number): string {
  return createHmac('sha256', signingKey).update(`${actionId.toLowerCase()}|${expires}`).digest('base64url');
}
