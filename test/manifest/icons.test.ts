import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEAMS_ICONS, drawColourIcon, drawOutlineIcon, pngSize } from '../../scripts/manifest/index.js';
import { readRgba } from './helpers.js';

describe('Teams icons', () => {
  const colour = readFileSync(TEAMS_ICONS['color.png']);
  const outline = readFileSync(TEAMS_ICONS['outline.png']);

  it('have the sizes Teams requires: 192x192 colour, 32x32 outline', () => {
    expect(pngSize(colour)).toMatchObject({ width: 192, height: 192 });
    expect(pngSize(outline)).toMatchObject({ width: 32, height: 32 });
  });

  it('colour icon is fully opaque and uses more than one colour', () => {
    const { pixels } = readRgba(colour);
    const colours = new Set<number>();
    let seeThrough = 0;
    for (let offset = 0; offset < pixels.length; offset += 4) {
      if (pixels[offset + 3] !== 255) seeThrough++;
      colours.add(pixels.readUInt32BE(offset));
    }
    expect(seeThrough).toBe(0);
    expect(colours.size).toBeGreaterThan(1);
  });

  it('outline icon is white on a transparent background', () => {
    const { pixels } = readRgba(outline);
    let transparent = 0;
    let opaque = 0;
    let notWhite = 0;
    for (let offset = 0; offset < pixels.length; offset += 4) {
      const alpha = pixels[offset + 3] ?? 0;
      if (alpha === 0) transparent++;
      else if (pixels.readUIntBE(offset, 3) !== 0xffffff) notWhite++;
      if (alpha === 255) opaque++;
    }
    expect(notWhite).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(32 * 4);
    expect(pixels[3]).toBe(0); // the corner is see-through
  });

  it('committed files are exactly what the drawing code makes', () => {
    expect(drawColourIcon().equals(colour)).toBe(true);
    expect(drawOutlineIcon().equals(outline)).toBe(true);
  });
});
