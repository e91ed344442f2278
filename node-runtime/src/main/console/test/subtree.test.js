import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parentRegion, subtreeTree } from '../src/util/subtree.js';

test('a city hangs under its province, a province under the national node', () => {
  assert.equal(parentRegion('440100'), '440000');
  assert.equal(parentRegion('440000'), '100000');
  assert.equal(parentRegion('100000'), null);
});

test('the subtree tree nests nodes and marks a stale one', () => {
  const option = subtreeTree({ node: '440000', nodes: [
    { region: '440000', stale: false }, { region: '440100', stale: true }, { region: '440300', stale: false }] }, 'stale');
  const root = option.series[0].data[0];
  assert.equal(root.name, '440000');
  assert.deepEqual(root.children.map((c) => c.name), ['440100 (stale)', '440300']);
  assert.equal(root.children[0].itemStyle.color, '#f56c6c');
});

test('text from the node cannot carry ECharts rich-text markup', () => {
  const option = subtreeTree({ node: 'x', nodes: [{ region: '{a|b}', stale: false }] }, 's');
  assert.equal(option.series[0].data[0].name.includes('{'), false);
});
