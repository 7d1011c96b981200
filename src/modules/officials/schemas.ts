import { Type } from 'typebox';
import { OFFICIAL_ROLES } from '../../platform/auth/principal.js';
import { LangQuery, PageQuery } from '../../platform/http/commonSchemas.js';
import { MIN_PASSWORD_LENGTH } from './accountState.js';

export const Role = Type.Enum([...OFFICIAL_ROLES], { description: 'intake | handler | supervisor | unit_admin | moderator | city_admin' });

export const Username = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,62}$',
  description: '3–63 letters, digits, dots, dashes or underscores; stored lower-case',
  examples: ['lan.nguyen'],
});

const UnitCode = Type.String({ minLength: 1, maxLength: 60, examples: ['ubnd-00070'] });

export const Membership = Type.Object({
  unitId: Type.String({ format: 'uuid' }),
  unitCode: Type.String(),
  unitName: Type.String({ description: 'In the language of the request' }),
  role: Type.String(),
});

export const Official = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')], {
    description: '`invited`: has not chosen a password yet; `disabled`: cannot sign in',
  }),
  mustChangePassword: Type.Boolean({ description: 'Still on the initial password' }),
  secondFactorEnabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()], { description: 'Temporarily locked after failed sign-ins, until then' }),
  memberships: Type.Array(Membership),
  createdAt: Type.String(),
});

export const OfficialCreate = Type.Object({
  username: Username,
  displayName: Type.String({ minLength: 2, maxLength: 200 }),
  unitCode: UnitCode,
  roles: Type.Array(Role, { minItems: 1, maxItems: OFFICIAL_ROLES.length, uniqueItems: true }),
  invite: Type.Optional(Type.Boolean({
    description: 'true: no password; the answer carries a one-time invite link (72 h) where the official chooses one. Otherwise the answer carries an initial password, shown once, that must be changed at first sign-in',
  })),
}, { additionalProperties: false });

export const OfficialCreated = Type.Object({
  official: Official,
  initialPassword: Type.Optional(Type.String({ description: 'Shown this once; never stored in clear' })),
  invite: Type.Optional(Type.Object({
    token: Type.String(),
    url: Type.String({ description: 'Link to give the official' }),
    expiresAt: Type.String(),
  })),
});

export const OfficialListQuery = Type.Object({
  unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Only officials with a role in this unit' })),
  role: Type.Optional(Role),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the username or name' })),
  ...PageQuery,
  ...LangQuery,
});

export const OfficialId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RolesChange = Type.Object({
  unitCode: UnitCode,
  roles: Type.Array(Role, { maxItems: OFFICIAL_ROLES.length, uniqueItems: true, description: 'The official\'s roles in this unit from now on; [] removes them from the unit' }),
}, { additionalProperties: false });

export const InviteAccept = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100 }),
  password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 }),
}, { additionalProperties: false });
