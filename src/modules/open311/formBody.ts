/**
 * `application/x-www-form-urlencoded` bodies as Open311 clients send them. Plain fields keep
 * their names (a repeated field keeps its last value, like most form readers); the service
 * definition's answers arrive as `attribute[code]=value`, and a multivaluelist as
 * `attribute[code][]=a&attribute[code][]=b` (a repeated `attribute[code]` is read as a list too).
 * A JSON object body with the same names is read the same way.
 */

export class Open311Form {
  constructor(
    readonly fields: Record<string, string>,
    readonly attributes: Record<string, string | string[]>,
    /** Names that were neither a plain field nor a well-formed `attribute[…]`. */
    readonly malformed: string[],
  ) {}
}

const ATTRIBUTE = /^attribute\[([^[\]]+)\](\[\])?$/;

function collect(entries: Iterable<[string, string]>): Open311Form {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string | string[]>();
  const malformed: string[] = [];
  for (const [name, value] of entries) {
    if (name.startsWith('attribute[')) {
      const match = ATTRIBUTE.exec(name);
      if (!match) {
        malformed.push(name);
        continue;
      }
      const code = match[1]!;
      const existing = attributes.get(code);
      const asList = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
      attributes.set(code, match[2] || existing !== undefined ? [...asList, value] : value);
      continue;
    }
    if (name.includes('[')) {
      malformed.push(name);
      continue;
    }
    fields.set(name, value);
  }
  return new Open311Form(Object.fromEntries(fields), Object.fromEntries(attributes), malformed);
}

export function parseOpen311Form(body: string): Open311Form {
  return collect(new URLSearchParams(body));
}

/** The form of a request body: parsed by our content-type parser, or a JSON object read the same way. */
export function formOf(body: unknown): Open311Form {
  if (body instanceof Open311Form) return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return new Open311Form({}, {}, []);
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      entries.push([name, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
    }
  }
  return collect(entries);
}
