/** Time to process one 12-MP phone photo, against sharp's own decode + re-encode of it. */
import sharp from 'sharp';
import { processPhoto } from '../../src/modules/reports/submit/mediaPipeline.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

export async function benchmarkPhotoProcessing(runs = 5): Promise<{ processMs: number; baselineMs: number; runs: number }> {
  // Noise compresses like a real photo (a flat colour would flatter the encoder).
  const raw = Buffer.alloc(4000 * 3000 * 3);
  for (let i = 0; i < raw.length; i += 1) raw[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(raw, { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  const process: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await processPhoto(jpeg);
    process.push(performance.now() - t);
    t = performance.now();
    await sharp(jpeg).jpeg({ quality: 85 }).toBuffer();
    baseline.push(performance.now() - t);
  }
  return { processMs: median(process), baselineMs: median(baseline), runs };
}
