import { Type } from 'typebox';
import { PageQuery, LangQuery } from '../../platform/http/commonSchemas.js';

export const UNIT_KINDS = ['city', 'office', 'department', 'police', 'utility', 'ward'] as const;
export const UnitKind = Type.Enum(UNIT_KINDS);

export const Unit = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  kind: Type.String(),
  name: Type.String({ description: 'In the language of the request' }),
  nameVi: Type.String(),
  nameEn: Type.String(),
  active: Type.Boolean(),
});

export const UnitListQuery = Type.Object({
  kind: Type.Optional(UnitKind),
  parentId: Type.Optional(Type.String({ format: 'uuid' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name (Vietnamese or English) or code' })),
  ...PageQuery,
  ...LangQuery,
});

// Starts with a letter, so a code can never be mistaken for a uuid.
const Code = Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', minLength: 2, maxLength: 60, description: 'lowercase letters, digits and dashes, starting with a letter' });
const Name = Type.String({ minLength: 2, maxLength: 200 });

export const UnitCreate = Type.Object({
  code: Code,
  parentCode: Type.String({ minLength: 1, maxLength: 60 }),
  kind: UnitKind,
  nameVi: Name,
  nameEn: Name,
}, { additionalProperties: false });

export const UnitUpdate = Type.Object({
  parentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  nameVi: Type.Optional(Name),
  nameEn: Type.Optional(Name),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

export const UnitRef = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 60, description: 'Unit id (uuid) or code' }) });
