/** Schemas shared by every module: the error shape, paging, languages. */
import { Type, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable error code, e.g. VALIDATION_FAILED' }),
    message: Type.String({ description: 'In the language of the request' }),
    details: Type.Optional(Type.Unknown()),
  }),
}, { $id: 'ErrorResponse', description: 'Every error has this shape' });

/** The error responses a route may give, by status, for the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}

export const MAX_PAGE_SIZE = 200;

export const PageQuery = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 }),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
  });
}

export const LangQuery = { lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])) };

export const Uuid = Type.String({ format: 'uuid' });
