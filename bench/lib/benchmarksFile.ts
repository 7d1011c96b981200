/**
 * BENCHMARKS.md is written by more than one benchmark: `npm run bench` writes the main part and
 * `npm run bench:nearby` one section of its own. Each keeps the other's section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const FILE = 'BENCHMARKS.md';
export const SCALE_HEADING = '## Nearby duplicates at scale';

/** The scale section of the current file, if any (from its heading to the end). */
export function scaleSection(): string {
  if (!existsSync(FILE)) return '';
  const text = readFileSync(FILE, 'utf8');
  const at = text.indexOf(SCALE_HEADING);
  return at >= 0 ? text.slice(at) : '';
}

export function writeMain(mainText: string): void {
  const kept = scaleSection();
  writeFileSync(FILE, `${mainText.trimEnd()}\n${kept ? `\n${kept.trimEnd()}\n` : ''}`);
}

export function writeScale(section: string): void {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const at = text.indexOf(SCALE_HEADING);
  const main = at >= 0 ? text.slice(0, at) : text;
  writeFileSync(FILE, `${main.trimEnd()}\n\n${section.trimEnd()}\n`);
}
