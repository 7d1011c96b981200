/**
 * What an Open311 client expects, written out from the GeoReport v2 specification (and the
 * updates extension) for the contract tests: the fields of each element with their types, a
 * small XML reader (an XML client must be able to parse every answer), and checks that a JSON
 * answer and the XML answer of the same call carry the same fields, in the same order, with
 * values of the documented types.
 */
import assert from 'node:assert/strict';

// ---- a small, strict XML reader --------------------------------------------------------------

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Decoded text content (empty for an element with children). */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (match, entity: string | undefined) => {
    if (!entity) throw new Error('a bare & in text');
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity ${match}`);
    return value;
  });
}

/** Parses a document with a UTF-8 XML declaration and one root; throws on anything malformed. */
export function parseXml(document: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(document);
  if (!declaration) throw new Error('missing XML declaration with encoding utf-8');
  let pos = declaration[0].length;

  function readElement(): XmlElement {
    const open = /^<([A-Za-z_][A-Za-z0-9_.-]*)\s*(\/?)>/.exec(document.slice(pos));
    if (!open) throw new Error(`expected an element at ${pos}: ${document.slice(pos, pos + 30)}`);
    pos += open[0].length;
    const element: XmlElement = { name: open[1]!, children: [], text: '' };
    if (open[2] === '/') return element;
    let text = '';
    for (;;) {
      const next = document.indexOf('<', pos);
      if (next < 0) throw new Error(`unclosed <${element.name}>`);
      text += document.slice(pos, next);
      pos = next;
      if (document.startsWith('</', pos)) {
        const close = /^<\/([A-Za-z_][A-Za-z0-9_.-]*)\s*>/.exec(document.slice(pos));
        if (!close || close[1] !== element.name) throw new Error(`expected </${element.name}> at ${pos}`);
        pos += close[0].length;
        break;
      }
      element.children.push(readElement());
    }
    if (element.children.length > 0) {
      if (text.trim() !== '') throw new Error(`mixed content in <${element.name}>`);
    } else {
      element.text = decode(text);
    }
    return element;
  }

  const root = readElement();
  if (document.slice(pos).trim() !== '') throw new Error('content after the root element');
  return root;
}

// ---- the specification's elements ----------------------------------------------------------

type FieldType =
  | 'string' | 'string?' | 'number?' | 'boolean' | 'integer' | 'datetime' | 'datetime?' | 'status' | 'url?'
  | { list: string; item: ElementSpec } | { object: ElementSpec } | { optionalList: string; item: ElementSpec } | { strings: string };

export type ElementSpec = Record<string, FieldType>;

/** ISO 8601 with the city's offset, as the server writes every date. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

export const SPEC = {
  discovery: {
    changeset: 'datetime', contact: 'string', key_service: 'string',
    endpoints: { list: 'endpoint', item: { specification: 'string', url: 'string', changeset: 'datetime', type: 'string', formats: { strings: 'format' } } },
  },
  service: { service_code: 'string', service_name: 'string', description: 'string', metadata: 'boolean', type: 'string', keywords: 'string', group: 'string' },
  serviceDefinition: {
    service_code: 'string',
    attributes: {
      list: 'attribute',
      item: {
        variable: 'boolean', code: 'string', datatype: 'string', required: 'boolean', datatype_description: 'string?', order: 'integer', description: 'string',
        values: { optionalList: 'value', item: { key: 'string', name: 'string' } },
      },
    },
  },
  request: {
    service_request_id: 'string', status: 'status', status_notes: 'string?', service_name: 'string', service_code: 'string', description: 'string',
    agency_responsible: 'string', service_notice: 'string?', requested_datetime: 'datetime', updated_datetime: 'datetime', expected_datetime: 'datetime?',
    address: 'string?', address_id: 'string?', zipcode: 'string?', lat: 'number?', long: 'number?', media_url: 'url?',
  },
  postedRequest: { service_request_id: 'string', service_notice: 'string', account_id: 'string?', token: 'string' },
  token: { service_request_id: 'string', token: 'string' },
  update: { update_id: 'string', service_request_id: 'string', status: 'status', updated_datetime: 'datetime', description: 'string', media_url: 'url?' },
  postedUpdate: { update_id: 'string' },
  error: { code: 'integer', description: 'string' },
} satisfies Record<string, ElementSpec>;

/** The document roots and list items of each call. */
export const DOCUMENTS = {
  discovery: { root: 'discovery', item: null, spec: SPEC.discovery },
  services: { root: 'services', item: 'service', spec: SPEC.service },
  serviceDefinition: { root: 'service_definition', item: null, spec: SPEC.serviceDefinition },
  requests: { root: 'service_requests', item: 'request', spec: SPEC.request },
  postedRequest: { root: 'service_requests', item: 'request', spec: SPEC.postedRequest },
  token: { root: 'service_requests', item: 'request', spec: SPEC.token },
  updates: { root: 'service_requests_updates', item: 'request_update', spec: SPEC.update },
  postedUpdate: { root: 'service_request_updates', item: 'request_update', spec: SPEC.postedUpdate },
  errors: { root: 'errors', item: 'error', spec: SPEC.error },
} as const;

export type DocumentKind = keyof typeof DOCUMENTS;

// ---- JSON ---------------------------------------------------------------------------------------

function checkJsonValue(type: FieldType, value: unknown, path: string): void {
  if (typeof type === 'object') {
    if ('object' in type) return checkJsonObject(type.object, value, path);
    if ('strings' in type) {
      assert.ok(Array.isArray(value), `${path} must be a list`);
      for (const [i, v] of (value as unknown[]).entries()) assert.equal(typeof v, 'string', `${path}[${i}]`);
      return;
    }
    assert.ok(Array.isArray(value), `${path} must be a list`);
    for (const [i, item] of (value as unknown[]).entries()) checkJsonObject(type.item, item, `${path}[${i}]`);
    return;
  }
  const nullable = type.endsWith('?');
  if (nullable && value === null) return;
  switch (type.replace('?', '')) {
    case 'string': assert.equal(typeof value, 'string', `${path} must be a string, got ${JSON.stringify(value)}`); break;
    case 'number': assert.ok(typeof value === 'number' && Number.isFinite(value), `${path} must be a number, got ${JSON.stringify(value)}`); break;
    case 'boolean': assert.equal(typeof value, 'boolean', `${path} must be a boolean`); break;
    case 'integer': assert.ok(Number.isInteger(value), `${path} must be an integer`); break;
    case 'datetime': assert.match(String(value), DATE_TIME, `${path} must be ISO 8601 with +07:00`); assert.equal(typeof value, 'string'); break;
    case 'status': assert.ok(value === 'open' || value === 'closed', `${path} must be open or closed, got ${JSON.stringify(value)}`); break;
    case 'url': assert.match(String(value), /^https?:\/\/\S+$/, `${path} must be an absolute URL`); break;
    default: throw new Error(`unknown type ${type}`);
  }
}

function checkJsonObject(spec: ElementSpec, value: unknown, path: string): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${path} must be an object`);
  const record = value as Record<string, unknown>;
  const optional = Object.entries(spec).filter(([, t]) => typeof t === 'object' && 'optionalList' in t).map(([k]) => k);
  const expected = Object.keys(spec).filter((k) => !optional.includes(k) || k in record);
  assert.deepEqual(Object.keys(record), expected, `${path}: the fields and their order`);
  for (const key of expected) checkJsonValue(spec[key]!, record[key], `${path}.${key}`);
}

/** Checks a JSON answer against the specification's fields and types. */
export function checkJson(kind: DocumentKind, body: unknown): void {
  const doc = DOCUMENTS[kind];
  if (doc.item === null) return checkJsonObject(doc.spec, body, kind);
  assert.ok(Array.isArray(body), `${kind}: a JSON list`);
  for (const [i, item] of (body as unknown[]).entries()) checkJsonObject(doc.spec, item, `${kind}[${i}]`);
}

// ---- XML → the JSON it must equal -----------------------------------------------------------------

function xmlValue(type: FieldType, element: XmlElement, path: string): unknown {
  if (typeof type === 'object') {
    if ('object' in type) return xmlObject(type.object, element, path);
    if ('strings' in type) {
      return element.children.map((c, i) => {
        assert.equal(c.name, type.strings, `${path}[${i}] element name`);
        assert.equal(c.children.length, 0);
        return c.text;
      });
    }
    const itemName = 'list' in type ? type.list : type.optionalList;
    return element.children.map((c, i) => {
      assert.equal(c.name, itemName, `${path}[${i}] element name`);
      return xmlObject(type.item, c, `${path}[${i}]`);
    });
  }
  assert.equal(element.children.length, 0, `${path} must be text`);
  const text = element.text;
  const nullable = type.endsWith('?');
  if (nullable && text === '') return null;
  switch (type.replace('?', '')) {
    case 'string': case 'datetime': case 'status': case 'url': return text;
    case 'number': {
      assert.match(text, /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i, `${path} must be a number, got ${text}`);
      return Number(text);
    }
    case 'integer': assert.match(text, /^-?\d+$/, `${path} must be an integer`); return Number(text);
    case 'boolean': assert.ok(text === 'true' || text === 'false', `${path} must be true or false`); return text === 'true';
    default: throw new Error(`unknown type ${type}`);
  }
}

function xmlObject(spec: ElementSpec, element: XmlElement, path: string): Record<string, unknown> {
  const names = element.children.map((c) => c.name);
  const optional = Object.entries(spec).filter(([, t]) => typeof t === 'object' && 'optionalList' in t).map(([k]) => k);
  const expected = Object.keys(spec).filter((k) => !optional.includes(k) || names.includes(k));
  assert.deepEqual(names, expected, `${path}: the elements and their order`);
  return Object.fromEntries(element.children.map((c) => [c.name, xmlValue(spec[c.name]!, c, `${path}.${c.name}`)]));
}

/** Parses an XML answer, checks its elements against the specification and returns it as the JSON answer would be. */
export function readXml(kind: DocumentKind, document: string): unknown {
  const doc = DOCUMENTS[kind];
  const root = parseXml(document);
  assert.equal(root.name, doc.root, `${kind}: root element`);
  if (doc.item === null) return xmlObject(doc.spec, root, kind);
  return root.children.map((c, i) => {
    assert.equal(c.name, doc.item, `${kind}[${i}] element name`);
    return xmlObject(doc.spec, c, `${kind}[${i}]`);
  });
}
