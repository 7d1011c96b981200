/** The unit work queues: query, one row per report, and the counts per view. */
import { Type } from 'typebox';
import { LangQuery, PageQuery } from '../../../platform/http/commonSchemas.js';

export const QUEUE_VIEWS = ['new', 'due_soon', 'overdue', 'in_progress', 'reopened', 'pending_transfer', 'escalated', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QueueParams = Type.Object({
  unitCode: Type.String({ minLength: 1, maxLength: 100, examples: ['ubnd-00070'] }),
});

export const QueueQuery = Type.Object({
  view: Type.Enum(QUEUE_VIEWS, {
    default: 'all',
    description: 'new: submitted, waiting to be accepted · due_soon: open, deadline within the due-soon window · overdue: open, deadline passed · '
      + 'in_progress: accepted or being handled · reopened: open again after a reopen · pending_transfer: transfers waiting for THIS unit to accept · '
      + 'escalated: overdue reports of the units below, escalated to this one · all: every report assigned to the unit',
  }),
  sort: Type.Enum(['deadline', 'created'], { default: 'deadline', description: 'deadline: the relevant deadline first (accept-by while submitted, else resolve-by); created: newest first' }),
  ...PageQuery,
  categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A category, or a group with all its categories' })),
  areaId: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Ward code, e.g. 00070' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Words of the description or address (diacritics ignored), or a public id' })),
  ...LangQuery,
}, { additionalProperties: false });

const Named = Type.Object({ code: Type.String(), name: Type.String() });

export const QueueItem = Type.Object({
  publicId: Type.String(),
  status: Type.String(),
  priority: Type.String(),
  category: Named,
  description: Type.String({ description: 'The first 200 characters' }),
  area: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  addressText: Type.String(),
  assignedUnit: Named,
  pendingTransferUnit: Type.Union([Named, Type.Null()]),
  deadlineKind: Type.Union([Type.Literal('accept'), Type.Literal('resolve'), Type.Null()], { description: 'Which deadline applies now; null once answered or closed' }),
  deadline: Type.Union([Type.String(), Type.Null()]),
  acceptBy: Type.String(),
  resolveBy: Type.Union([Type.String(), Type.Null()]),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  escalatedAt: Type.Union([Type.String(), Type.Null()]),
  reopenCount: Type.Integer(),
  infoRequested: Type.Boolean(),
  screeningFlags: Type.Array(Type.Object({ kind: Type.String(), evidence: Type.String() })),
  supportCount: Type.Integer(),
  createdAt: Type.String(),
});

export const QueueCounts = Type.Object({
  new: Type.Integer(),
  dueSoon: Type.Integer(),
  overdue: Type.Integer(),
  inProgress: Type.Integer(),
  reopened: Type.Integer(),
  pendingTransfer: Type.Integer(),
  escalated: Type.Integer(),
}, { description: 'Reports in each view, with the same category, ward and text filters' });

export const QueuePage = Type.Object({
  unit: Named,
  view: Type.String(),
  sort: Type.String(),
  counts: QueueCounts,
  items: Type.Array(QueueItem),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
});
