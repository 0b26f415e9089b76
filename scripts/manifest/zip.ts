// Writes a zip with its entries at the root, as Teams expects an app package to be laid out.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** A fixed timestamp keeps the package byte-for-byte reproducible for the same inputs. */
const FIXED_MTIME = new Date('2024-01-01T00:00:00Z');

export async function writeZip(path: string, entries: Readonly<Record<string, Buffer>>): Promise<void> {
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(entries))
    zip.addBuffer(data, name, { mtime: FIXED_MTIME, mode: 0o100644 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
