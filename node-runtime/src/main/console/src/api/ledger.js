import { get } from './http.js';

/**
 * A page of ledger entries, newest first: GET /api/v1/audit/entries (from, limit, subject). Where a
 * node does not offer that list, the entries are read one by one below `before`.
 */
export async function ledgerPage({ before, limit, subject }) {
  const query = { limit, subject: subject || undefined };
  if (before !== undefined) {
    query.from = Math.max(0, before - limit);
    query.limit = Math.min(limit, before);
    if (query.limit <= 0) return { entries: [], listed: true };
  }
  try {
    const page = await get('/api/v1/audit/entries', query);
    const entries = (page.entries || []).filter((e) => before === undefined || e.index < before);
    return { treeSize: page.treeSize, entries: entries.sort((a, b) => b.index - a.index), listed: true };
  } catch (e) {
    if (e.status !== 404 && e.status !== 405) throw e;
  }
  const head = await get('/api/v1/audit/head');
  const top = before === undefined ? head.treeSize : before;
  const indexes = [];
  for (let i = top - 1; i >= 0 && indexes.length < limit; i -= 1) indexes.push(i);
  const found = await Promise.all(indexes.map((i) => get(`/api/v1/audit/entries/${i}`).then((r) => r.entry)));
  const wanted = subject ? found.filter((e) => String(e.subject || '').includes(subject)) : found;
  return { treeSize: head.treeSize, entries: wanted, listed: false };
}
