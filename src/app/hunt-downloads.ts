// GET /hunts/csv/<id>?exp=…&sig=…: a hunt's CSV for the person who ran it (Teams). The link's
// signature and expiry are checked first; then the opener signs in with Entra ID and gets the file
// only if that is the account of the person who asked. Anyone else, and any expired link, is refused.
import type { Express, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../core/logger.js';
import type { IdentityCheck } from '../identity/index.js';
import { HUNT_CSV_PATH, type HuntCsvLinks } from '../jobs/index.js';

export interface HuntDownloadDeps {
  links: HuntCsvLinks;
  check: IdentityCheck;
  publicUrl: string;
  logger: Logger;
}

const LinkQuery = z.object({ exp: z.string().max(20), sig: z.string().max(100) });
const CallbackQuery = z.object({
  state: z.string().max(100).optional(),
  code: z.string().max(4096).optional(),
  error: z.string().max(256).optional(),
});
const Payload = z.object({ id: z.string(), exp: z.string(), sig: z.string() });

export function mountHuntDownloads(app: Express, deps: HuntDownloadDeps): void {
  const callbackUrl = `${deps.publicUrl.replace(/\/+$/, '')}${HUNT_CSV_PATH}/callback`;

  app.get(`${HUNT_CSV_PATH}/callback`, async (req, res) => {
    const proof = await deps.check.complete(callbackUrl, CallbackQuery.safeParse(req.query).data ?? {});
    if (!proof.ok) return page(res, proof.status, proof.message);
    const link = Payload.safeParse(JSON.parse(proof.payload));
    const record = link.success
      ? await deps.links.open(link.data.id, link.data.exp, link.data.sig)
      : undefined;
    if (record === 'expired')
      return page(res, 410, 'This download link has expired. Run the hunt again for a new one.');
    if (!record) return page(res, 404, 'This download link is unknown.');
    if (record.ownerAad.toLowerCase() !== proof.objectId.toLowerCase()) {
      deps.logger.warn({ component: 'hunt-downloads' }, 'a hunt CSV was refused to another account');
      return page(
        res,
        403,
        `You signed in as ${proof.username}; this file belongs to the person who ran the hunt.`,
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${record.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    );
    // Hunts' CSVs, and a live response run's whole output (a text file).
    const type = record.filename.endsWith('.txt') ? 'text/plain' : 'text/csv';
    res.status(200).type(`${type}; charset=utf-8`).send(record.content);
  });

  app.get(`${HUNT_CSV_PATH}/:id`, async (req, res) => {
    const query = LinkQuery.safeParse(req.query);
    const record = query.success
      ? await deps.links.open(req.params.id, query.data.exp, query.data.sig)
      : undefined;
    if (record === 'expired')
      return page(res, 410, 'This download link has expired. Run the hunt again for a new one.');
    if (!record || !query.success) return page(res, 404, 'This download link is unknown.');
    const payload = JSON.stringify({ id: req.params.id, exp: query.data.exp, sig: query.data.sig });
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, await deps.check.begin(callbackUrl, payload));
  });
}

function page(res: Response, status: number, text: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.status(status).type('text/plain; charset=utf-8').send(`${text}\n`);
}
