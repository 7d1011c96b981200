/**
 * The 12-digit citizen identity number (số định danh cá nhân / CCCD):
 *   PPP G YY NNNNNN — PPP the province of birth registration, G gender and century
 *   (0/1 male/female born 1900–1999, 2/3 in 2000–2099, 4/5 in 2100–2199 …), YY the last two
 *   digits of the birth year, then a serial number. Codes per Circular 07/2016/TT-BCA (the 63
 *   provinces as they were; numbers issued before the 2025 merger keep their code).
 */
const PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025',
  '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048',
  '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075',
  '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

export type Gender = 'male' | 'female';

export interface CitizenIdCheck {
  field: 'idNumber' | 'dateOfBirth' | 'gender';
  problem: 'format' | 'province' | 'century' | 'year_mismatch' | 'gender_mismatch';
}

/** Problems with the number itself and with how it fits the declared birth date and gender. */
export function checkCitizenId(idNumber: string, dateOfBirth: string, gender: Gender): CitizenIdCheck[] {
  if (!/^\d{12}$/.test(idNumber)) return [{ field: 'idNumber', problem: 'format' }];
  const problems: CitizenIdCheck[] = [];
  if (!PROVINCE_CODES.has(idNumber.slice(0, 3))) problems.push({ field: 'idNumber', problem: 'province' });
  const genderCentury = Number(idNumber[3]);
  const century = 1900 + Math.floor(genderCentury / 2) * 100;
  const encodedGender: Gender = genderCentury % 2 === 0 ? 'male' : 'female';
  const birthYear = Number(dateOfBirth.slice(0, 4));
  if (century > 2000 + 100 * Math.floor((new Date().getUTCFullYear() - 2000) / 100)) {
    problems.push({ field: 'idNumber', problem: 'century' });
  } else if (Math.floor(birthYear / 100) * 100 !== century || birthYear % 100 !== Number(idNumber.slice(4, 6))) {
    problems.push({ field: 'dateOfBirth', problem: 'year_mismatch' });
  }
  if (encodedGender !== gender) problems.push({ field: 'gender', problem: 'gender_mismatch' });
  return problems;
}

/** Shown to anyone but the owner and handling officials: the last four digits only. */
export function maskCitizenId(idNumber: string): string {
  return `********${idNumber.slice(-4)}`;
}
