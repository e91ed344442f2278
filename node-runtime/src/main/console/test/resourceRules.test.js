import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResource, violationsByField } from '../src/util/resourceRules.js';

const valid = {
  id: '3.01.001.001-000001', title: '企业登记', abstract: '企业基本信息', category: '3.01', format: 'csv', level: 'L2',
  sharingType: 'conditional', sharingCondition: '用于监管', openType: 'conditional', updateCycle: 'daily',
  publishDate: '2026-01-01', scope: 'province', source: 'upload',
  dataItems: [{ name: 'credit_code', type: 'string', level: 'L2' }],
};

test('a descriptor that keeps the catalog rules passes', () => {
  assert.deepEqual(checkResource(valid), {});
});

test('a malformed resource code is named on id', () => {
  assert.equal(checkResource({ ...valid, id: '3.1.001-1' }).id.key, 'idFormat');
});

test('an L4 resource cannot be shared unconditionally', () => {
  const out = checkResource({ ...valid, level: 'L4', sharingType: 'unconditional', sharingCondition: '' ,
    dataItems: [{ name: 'a', type: 'string', level: 'L4' }] });
  assert.equal(out.sharingType.key, 'highUnconditional');
});

test('core data and not-shareable resources stay on their node', () => {
  assert.equal(checkResource({ ...valid, level: 'core', dataItems: [{ name: 'a', type: 'string', level: 'core' }] }).scope.key, 'coreScope');
  assert.equal(checkResource({ ...valid, sharingType: 'not_shareable', sharingCondition: '' }).scope.key, 'notShareableScope');
});

test('a data item above the resource level is reported on level, duplicates on the second name', () => {
  const out = checkResource({ ...valid, dataItems: [{ name: 'a', type: 'string', level: 'L3' }, { name: 'a', type: 'string', level: 'L1' }] });
  assert.equal(out.level.key, 'belowItem');
  assert.equal(out['dataItems[1].name'].key, 'duplicate');
});

test('the node violations are grouped by field path', () => {
  assert.deepEqual(violationsByField([{ field: 'scope', detail: 'x' }, { field: 'scope', detail: 'y' }, { field: 'dataItems[0].name', detail: 'z' }]),
    { scope: 'x; y', 'dataItems[0].name': 'z' });
});
