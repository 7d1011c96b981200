/**
 * The one way the web app talks to the server: openapi-fetch typed by the types generated from
 * docs/openapi.json (`npm run openapi:types`). Every request carries the UI language, so error
 * messages come back localised; every failure becomes an ApiError or a NetworkError.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi';
import { currentLanguage } from '../i18n';

/** The server's error shape: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The server answered with an error; `message` is already in the UI language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached (offline, DNS, connection reset, aborted by the network). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null
    && typeof (error as { code?: unknown }).code === 'string'
    && typeof (error as { message?: unknown }).message === 'string';
}

const languageHeader: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', currentLanguage());
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(languageHeader);

interface ClientResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its typed body, or throws ApiError / NetworkError.
 * Queries use it so components only ever see data or one of those two errors.
 */
export async function unwrap<D>(call: Promise<ClientResult<D>>): Promise<D> {
  let result: ClientResult<D>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    if (isApiErrorBody(error)) throw new ApiError(response.status, error.error.code, error.error.message, error.error.details);
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  }
  return data as D;
}
