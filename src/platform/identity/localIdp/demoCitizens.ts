/**
 * The made-up citizens of the local stand-in VNeID. Names, numbers and phones are invented; the
 * 12-digit numbers follow the real layout (PPP province, G gender/century, YY birth year, serial):
 * 001 Hà Nội, 031 Hải Phòng, 036 Nam Định; G = 0 male / 1 female born 1900–1999, 2 / 3 in 2000–2099.
 */
export interface DemoCitizen {
  /** Stable subject identifier, as VNeID would give one per person. */
  sub: string;
  name: string;
  /** YYYY-MM-DD (OpenID Connect `birthdate`). */
  birthdate: string;
  gender: 'male' | 'female';
  /** E.164, as an OpenID Connect `phone_number` claim. */
  phone_number: string;
  /** The 12-digit personal identification number (số định danh cá nhân / CCCD). */
  citizen_id: string;
  /** One line shown on the picker so people can tell the demo citizens apart. */
  note: { vi: string; en: string };
}

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    sub: 'vneid-demo-2b7c1e94-0001',
    name: 'Nguyễn Văn An',
    birthdate: '1985-03-12',
    gender: 'male',
    phone_number: '+84912345678',
    citizen_id: '001085012345',
    note: { vi: 'Nam, sinh năm 1985 tại Hà Nội', en: 'Male, born 1985 in Hà Nội' },
  },
  {
    sub: 'vneid-demo-5d0a7f31-0002',
    name: 'Trần Thị Bình',
    birthdate: '1992-07-25',
    gender: 'female',
    phone_number: '+84987654321',
    citizen_id: '001192004821',
    note: { vi: 'Nữ, sinh năm 1992 tại Hà Nội', en: 'Female, born 1992 in Hà Nội' },
  },
  {
    sub: 'vneid-demo-9e44b2c8-0003',
    name: 'Lê Hoàng Cường',
    birthdate: '2001-11-03',
    gender: 'male',
    phone_number: '+84358123456',
    citizen_id: '036201007356',
    note: { vi: 'Nam, sinh năm 2001 tại Nam Định', en: 'Male, born 2001 in Nam Định' },
  },
  {
    sub: 'vneid-demo-c1f803d6-0004',
    name: 'Phạm Thu Hà',
    birthdate: '1968-01-30',
    gender: 'female',
    phone_number: '+84763219876',
    citizen_id: '031168002194',
    note: { vi: 'Nữ, sinh năm 1968 tại Hải Phòng', en: 'Female, born 1968 in Hải Phòng' },
  },
];

export function findDemoCitizen(sub: string): DemoCitizen | undefined {
  return DEMO_CITIZENS.find((c) => c.sub === sub);
}
