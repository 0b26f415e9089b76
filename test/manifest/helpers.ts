// Test helpers: fixed inputs, an independent zip reader (yauzl), and a PNG pixel reader.
import { inflateSync } from 'node:zlib';
import { openPromise } from 'yauzl';
import type { ManifestInputs } from '../../scripts/manifest/index.js';

export const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const CLIENT_ID = '0c3e5a7b-1111-4222-8333-944455566677';

export function inputsFor(publicUrl = 'https://defbot.contoso.com', clientId = APP_ID): ManifestInputs {
  const url = new URL(publicUrl);
  return {
    appId: APP_ID,
    signInClientId: clientId,
    publicUrl: url.href.replace(/\/+$/, ''),
    publicHost: url.host,
  };
}

/** Every file of a zip, by name, decompressed (yauzl checks sizes and CRCs as it reads). */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(path, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    files.set(entry.fileName, Buffer.concat(chunks));
  }
  return files;
}

/**
 * RGBA pixels of an 8-bit RGBA PNG whose scanlines all use filter 0, which is what our encoder
 * writes; anything else is refused rather than misread.
 */
export function readRgba(png: Buffer): { width: number; height: number; pixels: Buffer } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (png[24] !== 8 || png[25] !== 6) throw new Error('expected an 8-bit RGBA PNG');
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * stride] !== 0) throw new Error(`scanline ${y} uses a filter this reader does not undo`);
    raw.copy(pixels, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, pixels };
}
