/**
 * Request validation. Query strings, path parameters and headers arrive as text, so they are
 * coerced to the schema's types ("20" → 20). Bodies are JSON and are taken exactly as sent:
 * 0 stays 0, "" stays "", and a number where text is expected is refused, not converted.
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const forText = makeAjv({ coerceTypes: 'array' });
const forBody = makeAjv({ coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? forBody : forText;
  return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
};
