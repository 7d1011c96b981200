/** "Hoàn Kiếm" → "Hoan Kiem": Vietnamese without tone marks, and đ → d (which NFD does not split). */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replaceAll('đ', 'd').replaceAll('Đ', 'D');
}
