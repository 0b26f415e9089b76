// Draws the Teams icons (a shield with a check mark) from geometry, so they can be regenerated:
// `npx tsx scripts/manifest/draw-icons.ts` rewrites manifest/teams/color.png and outline.png.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.js';

type Rgb = readonly [number, number, number];
/** Coverage test in the unit square [-1, 1]^2, y pointing down. */
type Shape = (x: number, y: number) => boolean;

export const ACCENT_COLOUR = '#1F4E79';
const ACCENT: Rgb = [0x1f, 0x4e, 0x79];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

/** A shield: flat top, straight sides, sides curving to a point at the bottom; `inset` shrinks it. */
function shield(scale: number): Shape {
  return (x, y) => {
    const top = -0.78 * scale;
    const shoulder = 0.1 * scale;
    const bottom = 0.9 * scale;
    const halfWidth = 0.68 * scale;
    if (y < top || y > bottom) return false;
    if (y <= shoulder) return Math.abs(x) <= halfWidth;
    const t = (y - shoulder) / (bottom - shoulder);
    return Math.abs(x) <= halfWidth * (1 - t ** 1.6);
  };
}

function distanceToSegment(
  x: number,
  y: number,
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function checkMark(thickness: number): Shape {
  const a = [-0.3, 0.02] as const;
  const b = [-0.07, 0.26] as const;
  const c = [0.33, -0.22] as const;
  return (x, y) => distanceToSegment(x, y, a, b) <= thickness || distanceToSegment(x, y, b, c) <= thickness;
}

/** Paints layers in order (later on top); each pixel averages SUPERSAMPLE^2 samples. */
function render(
  size: number,
  background: { rgb: Rgb; alpha: number },
  layers: readonly { shape: Shape; rgb: Rgb }[],
): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = ((px + (sx + 0.5) / SUPERSAMPLE) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / SUPERSAMPLE) / size) * 2 - 1;
          let colour = background.rgb;
          let alpha = background.alpha;
          for (const layer of layers) if (layer.shape(x, y)) [colour, alpha] = [layer.rgb, 1];
          r += colour[0] * alpha;
          g += colour[1] * alpha;
          b += colour[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      // Colour is stored un-premultiplied, as PNG expects.
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((a / SUPERSAMPLE ** 2) * 255);
    }
  }
  return encodePng(size, size, pixels);
}

/** 192x192, full colour: a white shield with an accent check mark on the accent colour. */
export function drawColourIcon(): Buffer {
  return render(192, { rgb: ACCENT, alpha: 1 }, [
    { shape: shield(0.78), rgb: WHITE },
    { shape: checkMark(0.075), rgb: ACCENT },
  ]);
}

/** 32x32, white on transparent: the shield's outline and the check mark. */
export function drawOutlineIcon(): Buffer {
  const outer = shield(1);
  const inner = shield(0.8);
  return render(32, { rgb: WHITE, alpha: 0 }, [
    { shape: (x, y) => outer(x, y) && !inner(x, y), rgb: WHITE },
    { shape: checkMark(0.09), rgb: WHITE },
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../../manifest/teams/', import.meta.url);
  writeFileSync(new URL('color.png', dir), drawColourIcon());
  writeFileSync(new URL('outline.png', dir), drawOutlineIcon());
  console.log(`wrote ${fileURLToPath(new URL('color.png', dir))} and outline.png`);
}
