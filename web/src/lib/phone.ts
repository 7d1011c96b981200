/** Vietnamese mobile numbers as people read them: +84912345678 → 0912 345 678. */
export function formatPhone(e164: string): string {
  const match = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(e164);
  return match ? `0${match[1]} ${match[2]} ${match[3]}` : e164;
}

/** What a person typed, with spaces, dots and dashes removed (the server checks the rest). */
export function compactPhone(input: string): string {
  return input.replace(/[\s.\-()]/g, '');
}
