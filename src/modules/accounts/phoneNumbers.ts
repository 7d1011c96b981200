/**
 * Vietnamese mobile numbers: accepted as 0912345678, 84912345678, +84 912 345 678 …, stored
 * in E.164 (+84912345678). Mobile numbers have 9 digits after the country code and start with
 * 3, 5, 7, 8 or 9 (the prefixes in use since the 2018 renumbering).
 */
export function normalizeVietnameseMobile(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, '');
  let national: string;
  if (/^\+84\d+$/.test(digits)) national = digits.slice(3);
  else if (/^84\d{9}$/.test(digits)) national = digits.slice(2);
  else if (/^0\d{9}$/.test(digits)) national = digits.slice(1);
  else return null;
  if (!/^[35789]\d{8}$/.test(national)) return null;
  return `+84${national}`;
}
