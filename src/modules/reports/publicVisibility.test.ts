import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPubliclyVisible, maskPhoneNumbers } from './publicVisibility.js';

test('flagged reports wait out of view until an official acts; abusive or secret rejections never show', () => {
  const flag = [{ kind: 'abuse', evidence: 'x' }];
  assert.equal(isPubliclyVisible({ status: 'submitted', screeningFlags: [], rejectReason: null }), true);
  assert.equal(isPubliclyVisible({ status: 'submitted', screeningFlags: flag, rejectReason: null }), false);
  assert.equal(isPubliclyVisible({ status: 'accepted', screeningFlags: flag, rejectReason: null }), true);
  assert.equal(isPubliclyVisible({ status: 'rejected', screeningFlags: [], rejectReason: 'duplicate' }), true);
  assert.equal(isPubliclyVisible({ status: 'rejected', screeningFlags: [], rejectReason: 'abusive' }), false);
  assert.equal(isPubliclyVisible({ status: 'rejected', screeningFlags: flag, rejectReason: 'state_secret' }), false);
});

test('phone numbers in public text are masked; other numbers stay', () => {
  assert.equal(maskPhoneNumbers('Gọi 0912 345 678 để mua'), 'Gọi 09******** để mua');
  assert.equal(maskPhoneNumbers('Liên hệ +84912345678 ngay'), 'Liên hệ +8******** ngay');
  assert.equal(maskPhoneNumbers('Số 024.3826.1234'), 'Số 02********');
  assert.equal(maskPhoneNumbers('Ổ gà rộng 2 m ở số 15 ngõ 102'), 'Ổ gà rộng 2 m ở số 15 ngõ 102');
});
