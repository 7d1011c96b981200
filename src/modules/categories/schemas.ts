import { Type } from 'typebox';

const Datatype = Type.Enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
export const Priority = Type.Union([Type.Literal('urgent'), Type.Literal('normal'), Type.Literal('complex')]);

export const Attribute = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 60 }),
  datatype: Datatype,
  required: Type.Boolean(),
  labelVi: Type.String({ minLength: 1, maxLength: 200 }),
  labelEn: Type.String({ minLength: 1, maxLength: 200 }),
  descriptionVi: Type.Optional(Type.String({ maxLength: 1000 })),
  descriptionEn: Type.Optional(Type.String({ maxLength: 1000 })),
  values: Type.Optional(Type.Array(Type.Object({
    key: Type.String({ minLength: 1, maxLength: 60 }),
    nameVi: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  }), { maxItems: 100 })),
}, { additionalProperties: false });

export const Category = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  name: Type.String({ description: 'In the language of the request' }),
  nameVi: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  defaultPriority: Type.String(),
  locationRequired: Type.Boolean(),
  identityLevelRequired: Type.Integer(),
  proofPhotoRequired: Type.Boolean(),
  handlingUnitCode: Type.Union([Type.String(), Type.Null()]),
  slaAcceptHours: Type.Number({ description: 'Working hours to accept (category value or city default)' }),
  slaResolveHours: Type.Number({ description: 'Working hours to resolve (category value or city default for its priority)' }),
  keywords: Type.Array(Type.String()),
  attributes: Type.Array(Attribute),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});

const Name = Type.String({ minLength: 2, maxLength: 200 });
const editable = {
  nameVi: Name,
  nameEn: Name,
  descriptionVi: Type.String({ maxLength: 2000 }),
  descriptionEn: Type.String({ maxLength: 2000 }),
  defaultPriority: Priority,
  locationRequired: Type.Boolean(),
  identityLevelRequired: Type.Integer({ minimum: 0, maximum: 2 }),
  proofPhotoRequired: Type.Boolean(),
  handlingUnitCode: Type.Union([Type.String({ minLength: 1, maxLength: 60 }), Type.Null()]),
  slaAcceptHours: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 2000 }), Type.Null()]),
  slaResolveHours: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 5000 }), Type.Null()]),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50 }),
  attributes: Type.Array(Attribute, { maxItems: 30 }),
  sortOrder: Type.Integer({ minimum: 0, maximum: 100000 }),
};

export const CategoryCreate = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$', maxLength: 80, description: "'group' or 'group.child'" }),
  parentCode: Type.Optional(Type.String({ maxLength: 80 })),
  nameVi: editable.nameVi,
  nameEn: editable.nameEn,
  descriptionVi: Type.Optional(editable.descriptionVi),
  descriptionEn: Type.Optional(editable.descriptionEn),
  defaultPriority: editable.defaultPriority,
  locationRequired: Type.Optional(editable.locationRequired),
  identityLevelRequired: Type.Optional(editable.identityLevelRequired),
  proofPhotoRequired: Type.Optional(editable.proofPhotoRequired),
  handlingUnitCode: Type.Optional(editable.handlingUnitCode),
  slaAcceptHours: Type.Optional(editable.slaAcceptHours),
  slaResolveHours: Type.Optional(editable.slaResolveHours),
  keywords: Type.Optional(editable.keywords),
  attributes: Type.Optional(editable.attributes),
  sortOrder: Type.Optional(editable.sortOrder),
}, { additionalProperties: false });

export const CategoryUpdate = Type.Partial(
  Type.Object({ ...editable, active: Type.Boolean() }),
  { additionalProperties: false, minProperties: 1 },
);
