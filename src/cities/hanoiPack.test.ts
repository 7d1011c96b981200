import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeDatatype, CategorySeed } from '../db/seed/seedTypes.js';
import { loadCityPack } from './cityPack.js';

// Integrity of the Hanoi city pack (cities/hanoi/*.json): what a city's data must satisfy.
const { units: hanoiUnits, categories: hanoiCategories } = loadCityPack('hanoi');

const UNIT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CATEGORY_SEGMENT = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const ATTRIBUTE_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const VALUE_KEY = /^[a-z0-9]+(_[a-z0-9]+)*$/;
const ALL_DATATYPES: AttributeDatatype[] = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];

const unitCodes = new Set(hanoiUnits.map((u) => u.code));
const categoryByCode = new Map(hanoiCategories.map((c) => [c.code, c]));
const groups = hanoiCategories.filter((c) => c.parentCode === undefined);
const children = hanoiCategories.filter((c) => c.parentCode !== undefined);

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Text that is empty, padded, or not in NFC (decomposed diacritics break search and comparison). */
function badText(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || value !== value.trim() || value !== value.normalize('NFC');
}

test('unit codes are unique and well formed', () => {
  assert.deepEqual(duplicates(hanoiUnits.map((u) => u.code)), []);
  for (const unit of hanoiUnits) assert.match(unit.code, UNIT_CODE, unit.code);
});

test('exactly one root unit, the city', () => {
  const roots = hanoiUnits.filter((u) => u.parentCode === undefined);
  assert.equal(roots.length, 1);
  assert.equal(roots[0]?.kind, 'city');
  assert.equal(hanoiUnits.filter((u) => u.kind === 'city').length, 1);
});

test('every unit parent exists and the tree has no cycles', () => {
  const parentOf = new Map(hanoiUnits.map((u) => [u.code, u.parentCode]));
  for (const unit of hanoiUnits) {
    if (unit.parentCode !== undefined) assert.ok(unitCodes.has(unit.parentCode), `${unit.code} → ${unit.parentCode}`);
    const visited = new Set<string>();
    for (let code: string | undefined = unit.code; code !== undefined; code = parentOf.get(code)) {
      assert.ok(!visited.has(code), `cycle through ${code}`);
      visited.add(code);
    }
  }
});

test('ward units are not listed by hand', () => {
  assert.deepEqual(hanoiUnits.filter((u) => u.kind === 'ward').map((u) => u.code), []);
});

test('units have Vietnamese and English names', () => {
  for (const unit of hanoiUnits) {
    assert.ok(!badText(unit.nameVi), `${unit.code} nameVi`);
    assert.ok(!badText(unit.nameEn), `${unit.code} nameEn`);
  }
});

test('category codes are unique and well formed', () => {
  assert.deepEqual(duplicates(hanoiCategories.map((c) => c.code)), []);
  for (const group of groups) assert.match(group.code, CATEGORY_SEGMENT, group.code);
  for (const child of children) {
    const [parent, segment, ...rest] = child.code.split('.');
    assert.equal(parent, child.parentCode, `${child.code} is named under its parent`);
    assert.match(segment ?? '', CATEGORY_SEGMENT, child.code);
    assert.deepEqual(rest, [], `${child.code} has one level below its group`);
  }
});

test('category parents are existing top-level groups', () => {
  for (const child of children) {
    const parent = categoryByCode.get(child.parentCode ?? '');
    assert.ok(parent, `${child.code} → ${child.parentCode}`);
    assert.equal(parent.parentCode, undefined, `${child.code}'s parent is a group`);
  }
});

test('each group has 2 to 5 children, and "other" has exactly one', () => {
  for (const group of groups) {
    const count = children.filter((c) => c.parentCode === group.code).length;
    if (group.code === 'other') assert.equal(count, 1);
    else assert.ok(count >= 2 && count <= 5, `${group.code} has ${count} children`);
  }
  assert.ok(categoryByCode.has('other.general'));
});

test('sort orders are unique among siblings', () => {
  const siblings = new Map<string, number[]>();
  for (const c of hanoiCategories) {
    const key = c.parentCode ?? '';
    siblings.set(key, [...(siblings.get(key) ?? []), c.sortOrder]);
  }
  for (const [parent, orders] of siblings) {
    assert.deepEqual(duplicates(orders.map(String)), [], `under '${parent}'`);
  }
});

test('handling units exist', () => {
  for (const c of hanoiCategories) {
    if (c.handlingUnitCode !== undefined) assert.ok(unitCodes.has(c.handlingUnitCode), `${c.code} → ${c.handlingUnitCode}`);
  }
});

test('categories routed to the ward require a location to find the ward', () => {
  for (const c of hanoiCategories) {
    if (c.handlingUnitCode === undefined) assert.ok(c.locationRequired, c.code);
  }
});

test('categories have Vietnamese and English names, descriptions and keywords', () => {
  for (const c of hanoiCategories) {
    for (const field of ['nameVi', 'nameEn', 'descriptionVi', 'descriptionEn'] as const) {
      assert.ok(!badText(c[field]), `${c.code} ${field}`);
    }
    assert.ok(c.keywords.length > 0, `${c.code} keywords`);
    assert.deepEqual(duplicates(c.keywords), [], `${c.code} keywords`);
    for (const keyword of c.keywords) {
      assert.ok(!badText(keyword), `${c.code} keyword '${keyword}'`);
      assert.equal(keyword, keyword.toLocaleLowerCase('vi'), `${c.code} keyword '${keyword}' is lowercase`);
    }
  }
});

test('attributes are well formed; only value lists have values', () => {
  for (const c of hanoiCategories) {
    assert.deepEqual(duplicates(c.attributes.map((a) => a.code)), [], `${c.code} attribute codes`);
    for (const a of c.attributes) {
      const where = `${c.code}/${a.code}`;
      assert.match(a.code, ATTRIBUTE_CODE, where);
      assert.ok(!badText(a.labelVi) && !badText(a.labelEn), `${where} labels`);
      if (a.descriptionVi !== undefined || a.descriptionEn !== undefined) {
        assert.ok(!badText(a.descriptionVi) && !badText(a.descriptionEn), `${where} descriptions come in pairs`);
      }
      if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
        assert.ok(a.values !== undefined && a.values.length > 0, `${where} has values`);
        assert.deepEqual(duplicates(a.values.map((v) => v.key)), [], `${where} value keys`);
        for (const v of a.values) {
          assert.match(v.key, VALUE_KEY, `${where}/${v.key}`);
          assert.ok(!badText(v.nameVi) && !badText(v.nameEn), `${where}/${v.key} names`);
        }
      } else {
        assert.equal(a.values, undefined, `${where} (${a.datatype}) has no values`);
      }
    }
  }
});

test('an attribute code means the same thing wherever it is used', () => {
  const datatypeOf = new Map<string, AttributeDatatype>();
  for (const a of hanoiCategories.flatMap((c) => c.attributes)) {
    const known = datatypeOf.get(a.code);
    if (known !== undefined) assert.equal(a.datatype, known, a.code);
    datatypeOf.set(a.code, a.datatype);
  }
});

test('every attribute datatype is used at least once', () => {
  const used = new Set(hanoiCategories.flatMap((c) => c.attributes.map((a) => a.datatype)));
  assert.deepEqual(ALL_DATATYPES.filter((d) => !used.has(d)), []);
});

test('routing of the city-level categories the brief names', () => {
  const expectHandler = (code: string, unit: string): void => {
    const c: CategorySeed | undefined = categoryByCode.get(code);
    assert.ok(c, code);
    assert.equal(c.handlingUnitCode, unit, code);
  };
  expectHandler('lighting.lamp_out', 'hapulico');
  expectHandler('water_supply.outage', 'nuoc-sach-ha-noi');
  expectHandler('power_supply.outage', 'evn-ha-noi');
  expectHandler('fire_rescue.fire', 'pccc');
  expectHandler('public_transport.bus_service', 'transerco');
  for (const scam of children.filter((c) => c.parentCode === 'scams')) {
    assert.equal(scam.handlingUnitCode, 'cong-an-tp', scam.code);
    assert.equal(scam.locationRequired, false, scam.code);
  }
  assert.equal(categoryByCode.get('fire_rescue.fire')?.defaultPriority, 'urgent');
});
