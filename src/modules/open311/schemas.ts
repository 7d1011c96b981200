/**
 * GeoReport v2 shapes for the OpenAPI document and the JSON serialiser (which also drops any
 * field not listed here). The XML answers carry the same fields as elements.
 */
import { Type, type TSchema } from 'typebox';
import { LangQuery } from '../../platform/http/commonSchemas.js';

const Nullable = <T extends TSchema>(schema: T, description?: string) => Type.Union([schema, Type.Null()], description ? { description } : {});

export const FormatParam = Type.Enum(['json', 'xml'], { description: 'json (application/json) or xml (text/xml)' });
export type Format = 'json' | 'xml';

export const ErrorList = Type.Array(Type.Object({
  code: Type.Integer({ description: 'The HTTP status: 400 bad input, 403 bad or missing api_key, 404 unknown service or request' }),
  description: Type.String(),
}), { description: 'GeoReport v2 errors (`<errors><error><code/><description/></error></errors>` in XML)' });

export const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(Type.Object({
    specification: Type.String(),
    url: Type.String(),
    changeset: Type.String(),
    type: Type.String({ description: 'production | test' }),
    formats: Type.Array(Type.String()),
  })),
});

export const Service = Type.Object({
  service_code: Type.String({ description: 'The category code, e.g. roads.pothole' }),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean({ description: 'True when the service asks extra questions (see the service definition)' }),
  type: Type.String({ description: 'Always realtime: the request exists as soon as it is posted' }),
  keywords: Type.String({ description: 'Comma-separated' }),
  group: Type.String({ description: 'The category group' }),
});

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(),
    code: Type.String(),
    datatype: Type.String({ description: 'string | number | datetime | text | singlevaluelist | multivaluelist' }),
    required: Type.Boolean(),
    datatype_description: Nullable(Type.String()),
    order: Type.Integer(),
    description: Type.String(),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }), { description: 'Only for list datatypes' })),
  })),
});

export const ServiceRequest = Type.Object({
  service_request_id: Type.String({ examples: ['PA-2026-000123'] }),
  status: Type.String({ description: 'open (submitted, accepted, in progress) | closed (resolved, closed, rejected, withdrawn, merged)' }),
  status_notes: Nullable(Type.String(), 'The public answer, the reason for a rejection, or the report it was merged into'),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String({ description: 'The unit handling it' }),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String({ description: 'ISO 8601 with the city offset' }),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String(), 'The resolve-by deadline, once accepted'),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String(), 'The first public photo'),
});

export const PostedRequest = Type.Object({
  service_request_id: Type.String(),
  service_notice: Type.String(),
  account_id: Nullable(Type.String()),
  token: Type.String({ description: 'Also answers at tokens/{token}' }),
});

export const TokenAnswer = Type.Object({ service_request_id: Type.String(), token: Type.String() });

export const RequestUpdate = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.String({ description: 'open | closed, after the update' }),
  updated_datetime: Type.String(),
  description: Type.String(),
  media_url: Nullable(Type.String()),
});

export const PostedUpdate = Type.Object({ update_id: Type.String() });

/** Query parameters every read accepts: the language and the jurisdiction (one here, so ignored). */
export const CommonQuery = {
  ...LangQuery,
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100, description: 'Ignored: this endpoint serves one jurisdiction' })),
};

export const MAX_PAGE_SIZE = 1000;

export const PagingQuery = {
  page: Type.Integer({ minimum: 1, default: 1, description: 'Extension: page number, 1 first' }),
  page_size: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE, description: `Extension: at most ${MAX_PAGE_SIZE}` }),
};

export const DateQuery = {
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 with offset (2026-03-01T00:00:00+07:00) or a day (2026-03-01)' })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
};

/** The XML answer, as documented: the same fields as elements. */
export const XmlDocument = Type.String({ description: 'text/xml; charset=utf-8' });

/** Responses by content type: JSON (checked and filtered by the schema) or XML. */
export function formats<T extends TSchema>(json: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema: json },
      'text/xml': { schema: XmlDocument },
    },
  };
}
