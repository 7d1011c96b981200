import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WardIndex, containsPoint, type Ring, type WardShape } from './wardIndex.js';

const square = (x0: number, y0: number, size: number): Ring => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];

test('even-odd rule: a hole is outside, a second part is inside', () => {
  const rings = [square(0, 0, 10), square(3, 3, 2), square(20, 20, 1)];
  assert.equal(containsPoint(rings, 1, 1), true);
  assert.equal(containsPoint(rings, 4, 4), false, 'inside the hole');
  assert.equal(containsPoint(rings, 20.5, 20.5), true, 'inside the second part');
  assert.equal(containsPoint(rings, 15, 15), false);
});

test('a point in a thin gap between two wards snaps to the nearer one; far points are outside', () => {
  // Two 0.01° squares near Hanoi's latitude, with a 0.0004° (~40 m) gap between them.
  const west: WardShape = { id: 'W', rings: [square(105.80, 21.00, 0.01)] };
  const east: WardShape = { id: 'E', rings: [square(105.8104, 21.00, 0.01)] };
  const index = new WardIndex([west, east], 150);
  assert.equal(index.lookup(21.005, 105.805), 'W');
  assert.equal(index.lookup(21.005, 105.8150), 'E');
  assert.equal(index.lookup(21.005, 105.81005), 'W', 'gap point nearer the west edge');
  assert.equal(index.lookup(21.005, 105.81035), 'E', 'gap point nearer the east edge');
  assert.equal(index.lookup(21.005, 105.83), null, 'two kilometres east of everything');
});

test('real Hanoi data: landmarks fall in their wards', () => {
  const data = JSON.parse(readFileSync(new URL('../../../cities/hanoi/wards.json', import.meta.url), 'utf8')) as {
    wards: Array<{ id: string; name: string; polygons: Ring[] }>;
  };
  const index = new WardIndex(data.wards.map((w) => ({ id: w.id, rings: w.polygons })));
  const nameOf = (lat: number, lon: number) => data.wards.find((w) => w.id === index.lookup(lat, lon))?.name ?? null;
  assert.equal(nameOf(21.0285, 105.8542), 'Hoàn Kiếm', 'Hoan Kiem Lake');
  assert.equal(nameOf(21.0368, 105.8347), 'Ba Đình', 'Ba Dinh Square');
  assert.equal(nameOf(10.7769, 106.7009), null, 'Ho Chi Minh City');
  assert.equal(nameOf(21.5, 104.5), null, 'west of the city');
  // A ward's published centre is a label point, not always inside a concave shape; most are.
  let own = 0;
  for (const ward of data.wards as unknown as Array<{ id: string; center: [number, number]; polygons: Ring[] }>) {
    if (index.lookup(ward.center[1], ward.center[0]) === ward.id) own += 1;
  }
  assert.ok(own >= 110, `centres found in their own ward: ${own} of ${data.wards.length}`);
});
