import { chartText } from './format.js';

/** The parent of a region code by the national scheme: 440100 → 440000 → 100000 (national). */
export function parentRegion(code) {
  if (!/^\d{6}$/.test(code) || code === '100000') return null;
  if (code.slice(4) !== '00') return `${code.slice(0, 4)}00`;
  if (code.slice(2) !== '0000') return `${code.slice(0, 2)}0000`;
  return '100000';
}

/**
 * The subtree summary's nodes as an ECharts tree: each node under its nearest ancestor present in
 * the summary (the links a report names are not needed for that). Stale nodes are drawn red.
 */
export function subtreeTree(summary, staleLabel) {
  const nodes = summary.nodes || [];
  const byRegion = new Map(nodes.map((n) => [n.region, { node: n, children: [] }]));
  const roots = [];
  nodes.forEach((n) => {
    let p = parentRegion(n.region);
    while (p && !byRegion.has(p)) p = parentRegion(p);
    if (p && p !== n.region) byRegion.get(p).children.push(n.region);
    else roots.push(n.region);
  });
  const build = (region) => {
    const { node, children } = byRegion.get(region);
    const openAlerts = node.lastPeriod?.openAlerts;
    const label = node.stale ? `${region} (${staleLabel})` : region;
    return {
      name: chartText(label),
      value: chartText(node.reportedAt || ''),
      itemStyle: { color: node.stale ? '#f56c6c' : '#1d5fa8', borderColor: node.stale ? '#f56c6c' : '#1d5fa8' },
      label: { color: node.stale ? '#f56c6c' : '#1f2d3d' },
      tooltipText: `${chartText(region)}${node.stale ? ` · ${chartText(staleLabel)}` : ''}\n${chartText(node.reportedAt || '')}${
        typeof openAlerts === 'number' ? `\nalerts: ${openAlerts}` : ''}`,
      children: children.sort().map(build),
    };
  };
  const data = roots.sort().map(build);
  const root = data.length === 1 ? data[0] : { name: chartText(summary.node || ''), children: data };
  return {
    tooltip: { trigger: 'item', formatter: (p) => p.data?.tooltipText || chartText(p.name) },
    series: [{
      type: 'tree', data: [root], top: 20, bottom: 20, left: 80, right: 120, symbolSize: 12, orient: 'LR',
      expandAndCollapse: false, initialTreeDepth: -1, label: { position: 'left', fontSize: 13 },
      leaves: { label: { position: 'right' } },
    }],
  };
}
