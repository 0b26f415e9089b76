// Slack's external file upload for the demo (a hunt's CSV): files.getUploadURLExternal hands out an
// upload URL on this router, the bytes are POSTed there, and files.completeUploadExternal shares the
// file into the conversation, shown in its history as a file message with the first lines.
import express, { type Router } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../http/guards.js';
import type { PlaygroundContext } from './context.js';

interface PendingFile {
  filename: string;
  content?: string;
}

const PREVIEW_LINES = 6;
const getUrlFields = z.object({ filename: z.string().min(1), length: z.coerce.number().int().positive() });
const completeFields = z.object({
  channel_id: z.string().min(1),
  files: z.preprocess(
    (value): unknown => (typeof value === 'string' ? JSON.parse(value) : value),
    z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1),
  ),
});

export function mountSlackFiles(
  router: Router,
  context: PlaygroundContext,
  isBot: (token: string | undefined) => boolean,
): void {
  const files = new Map<string, PendingFile>();
  const form = express.urlencoded({ extended: false, limit: MAX_BODY_BYTES });
  const token = (header: string | undefined) => /^Bearer (.+)$/.exec(header ?? '')?.[1];

  router.post('/api/files.getUploadURLExternal', form, (req, res) => {
    if (!isBot(token(req.headers.authorization))) return void res.json({ ok: false, error: 'invalid_auth' });
    const fields = getUrlFields.safeParse(req.body);
    if (!fields.success) return void res.json({ ok: false, error: 'invalid_arguments' });
    const id = `F${randomBytes(6).toString('hex').toUpperCase()}`;
    files.set(id, { filename: fields.data.filename });
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
    res.json({ ok: true, upload_url: `${base}/upload/${id}`, file_id: id });
  });

  router.post('/upload/:id', express.text({ type: () => true, limit: '50mb' }), (req, res) => {
    const file = files.get(String(req.params.id));
    if (!file) return void res.status(404).send('not found');
    file.content = typeof req.body === 'string' ? req.body : '';
    res.type('text/plain').send(`OK - ${Buffer.byteLength(file.content)}`);
  });

  router.post('/api/files.completeUploadExternal', form, (req, res) => {
    if (!isBot(token(req.headers.authorization))) return void res.json({ ok: false, error: 'invalid_auth' });
    const fields = completeFields.safeParse(req.body);
    if (!fields.success) return void res.json({ ok: false, error: 'invalid_arguments' });
    const shared = fields.data.files.map((entry) => ({ entry, file: files.get(entry.id) }));
    if (shared.some(({ file }) => file?.content === undefined))
      return void res.json({ ok: false, error: 'file_not_found' });
    for (const { entry, file } of shared) {
      if (!file?.content) continue;
      const lines = file.content.trimEnd().split(/\r?\n/);
      const preview = lines.slice(0, PREVIEW_LINES).join('\n');
      const more = lines.length > PREVIEW_LINES ? `\n… ${lines.length - PREVIEW_LINES} more lines` : '';
      context.store.add({
        platform: 'slack',
        id: context.store.nextTs(),
        conversation: fields.data.channel_id,
        author: { kind: 'bot' },
        text: `📎 ${entry.title ?? file.filename} (${file.filename}, ${lines.length - 1} rows)\n\`\`\`\n${preview}${more}\n\`\`\``,
      });
    }
    res.json({
      ok: true,
      files: shared.map(({ entry, file }) => ({ id: entry.id, name: file?.filename, title: entry.title })),
    });
  });
}
