/** Request and response shapes of the public report routes (the report fields come from ../presenters.js). */
import { Type } from 'typebox';
import { Page, LangQuery } from '../../../platform/http/commonSchemas.js';
import { PUBLIC_ID_PATTERN } from '../reportRepository.js';
import { ReportSummaryPublicSchema, TimelineEventSchema } from '../presenters.js';

/** The feed's hard maximum page size, below the platform's general one: feeds are read a lot. */
export const FEED_MAX_PAGE_SIZE = 100;
/** Offset paging stops here (page × pageSize); beyond it a client should narrow the filters. */
export const FEED_MAX_OFFSET = 10_000;
export const MAP_DEFAULT_LIMIT = 500;
export const MAP_MAX_LIMIT = 2000;

const DateOrInstant = (description: string) => Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description,
});

/** Filters shared by the feed and the map. */
export const ReportFilterQuery = {
  categoryCode: Type.Optional(Type.String({ maxLength: 80, pattern: '^[a-z0-9_.-]+$', description: 'A category; a group code includes its children' })),
  areaId: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9A-Za-z_-]+$', description: 'Ward code' })),
  status: Type.Optional(Type.String({
    maxLength: 200, pattern: '^[a-z_]+(,[a-z_]+)*$',
    description: 'Comma-separated statuses. Without it every status except merged and withdrawn.',
  })),
  from: Type.Optional(DateOrInstant('Created at or after: a day (YYYY-MM-DD, from its start in the city time zone) or an ISO instant')),
  to: Type.Optional(DateOrInstant('Created at or before: a day (YYYY-MM-DD, to its end in the city time zone) or an ISO instant')),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Words in the description or address; case and Vietnamese diacritics are ignored ("duong" finds "đường")' })),
  unitCode: Type.Optional(Type.String({ maxLength: 80, pattern: '^[a-z0-9_.-]+$', description: 'The unit the report is assigned to' })),
};

export const FeedQuery = Type.Object({
  ...ReportFilterQuery,
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: FEED_MAX_PAGE_SIZE, default: 20 }),
  ...LangQuery,
});

export const FeedPage = Type.Object({
  ...Page(ReportSummaryPublicSchema).properties,
  totalCapped: Type.Boolean({ description: `True when more than ${FEED_MAX_OFFSET} reports match: total then says ${FEED_MAX_OFFSET}` }),
});

export const MapQuery = Type.Object({
  ...ReportFilterQuery,
  bbox: Type.String({
    maxLength: 120,
    pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*(,\\s*-?\\d+(\\.\\d+)?\\s*){3}$',
    description: 'minLon,minLat,maxLon,maxLat (WGS 84); at most twice the city’s extent each way',
    examples: ['105.80,21.00,105.88,21.05'],
  }),
  limit: Type.Integer({ minimum: 1, maximum: MAP_MAX_LIMIT, default: MAP_DEFAULT_LIMIT }),
  ...LangQuery,
});

export const MapFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    id: Type.String(),
    geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
    properties: Type.Object({
      publicId: Type.String(),
      status: Type.String(),
      categoryCode: Type.String(),
      createdAt: Type.String(),
    }),
  })),
  properties: Type.Object({
    truncated: Type.Boolean({ description: 'More reports match than the limit: zoom in or filter' }),
    limit: Type.Integer(),
    count: Type.Integer(),
    bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: 'The box asked for' }),
  }, { description: 'A GeoJSON foreign member about the collection itself' }),
}, { description: 'GeoJSON (RFC 7946) points of reports, newest first' });

export const PublicIdParams = Type.Object({ publicId: Type.String({ pattern: PUBLIC_ID_PATTERN, maxLength: 30 }) });

export const MediaParams = Type.Object({
  publicId: Type.String({ pattern: PUBLIC_ID_PATTERN, maxLength: 30 }),
  mediaId: Type.String({ format: 'uuid' }),
});

export const MediaQuery = Type.Object({
  size: Type.Union([Type.Literal('display'), Type.Literal('thumb')], { default: 'display' }),
});

export const MyReportsQuery = Type.Object({
  status: ReportFilterQuery.status,
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: FEED_MAX_PAGE_SIZE, default: 20 }),
  ...LangQuery,
});

export const MyReportItem = Type.Object({
  ...ReportSummaryPublicSchema.properties,
  anonymous: Type.Boolean({ description: 'Hidden from the public; this list is the reporter’s own' }),
  priority: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()], { description: 'The deadline that runs now: accept-by while submitted, resolve-by while accepted or in progress (UTC)' }),
  deadlineLocal: Type.Union([Type.String(), Type.Null()], { description: 'The same in the city time zone' }),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  infoRequested: Type.Boolean({ description: 'An official asked for more information' }),
  latestEvent: Type.Union([TimelineEventSchema, Type.Null()], { description: 'The latest public timeline event' }),
});

export const MyReportsPage = Page(MyReportItem);
