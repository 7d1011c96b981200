import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCitizenId, maskCitizenId } from './citizenId.js';
import { normalizeVietnameseMobile } from './phoneNumbers.js';

test('a well-formed number that fits the birth year and gender passes', () => {
  assert.deepEqual(checkCitizenId('001090012345', '1990-05-17', 'male'), []);
  assert.deepEqual(checkCitizenId('079305001234', '2005-01-02', 'female'), []);
});

test('each kind of mismatch is named with its field', () => {
  assert.deepEqual(checkCitizenId('00109001234', '1990-05-17', 'male'), [{ field: 'idNumber', problem: 'format' }]);
  assert.deepEqual(checkCitizenId('003090012345', '1990-05-17', 'male'), [{ field: 'idNumber', problem: 'province' }]);
  assert.deepEqual(checkCitizenId('001090012345', '1991-05-17', 'male'), [{ field: 'dateOfBirth', problem: 'year_mismatch' }]);
  assert.deepEqual(checkCitizenId('001090012345', '2090-05-17', 'male'), [{ field: 'dateOfBirth', problem: 'year_mismatch' }], 'right digits, wrong century');
  assert.deepEqual(checkCitizenId('001090012345', '1990-05-17', 'female'), [{ field: 'gender', problem: 'gender_mismatch' }]);
  assert.deepEqual(checkCitizenId('001890012345', '1990-05-17', 'male'), [{ field: 'idNumber', problem: 'century' }]);
});

test('masking keeps only the last four digits', () => {
  assert.equal(maskCitizenId('001090012345'), '********2345');
});

test('Vietnamese mobile numbers normalise to E.164; landlines and foreign numbers do not', () => {
  for (const input of ['0912345678', '0912 345 678', '+84 912 345 678', '84912345678', '091-234-5678', '(+84)912345678'.replace(/[()]/g, '')]) {
    assert.equal(normalizeVietnameseMobile(input), '+84912345678', input);
  }
  assert.equal(normalizeVietnameseMobile('0386123456'), '+84386123456');
  for (const input of ['02438123456', '0212345678', '091234567', '09123456789', '+1 202 555 0101', 'abc', '']) {
    assert.equal(normalizeVietnameseMobile(input), null, input);
  }
});
