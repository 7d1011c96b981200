/**
 * The XML side of GeoReport v2: the same values as the JSON answers, written as the
 * specification's elements. Objects become child elements in key order, arrays become a list
 * element whose items are named by `itemNames` (`services` → `service`), null and undefined
 * become empty elements, booleans `true`/`false`, numbers as JavaScript prints them.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** List element → item element, as the specification names them. */
export const OPEN311_ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests_updates: 'request_update',
  service_request_updates: 'request_update',
};

// Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return).
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: XmlValue, itemNames: Readonly<Record<string, string>>, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) {
    out.push(`<${name}></${name}>`);
    return;
  }
  if (Array.isArray(value)) {
    const itemName = itemNames[name];
    if (!itemName) throw new Error(`no item element name for the list ${name}`);
    out.push(`<${name}>`);
    for (const item of value) element(itemName, item, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, child] of Object.entries(value)) element(key, child, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** A whole document: the XML declaration (UTF-8, as the specification requires) and one root element. */
export function toXmlDocument(root: string, value: XmlValue, itemNames: Readonly<Record<string, string>> = OPEN311_ITEM_NAMES): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  element(root, value, itemNames, out);
  out.push('\n');
  return out.join('');
}
