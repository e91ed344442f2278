import { get } from './http.js';

// Hits seen in searches, so a resource page can show what the search showed even when the node
// offers no detail of the resource.
const seen = new Map();

export async function searchCatalog(query) {
  const page = await get('/api/v1/catalog/search', query);
  (page.items || []).forEach((hit) => seen.set(`${hit.origin}/${hit.id}`, hit));
  return page;
}

/**
 * One resource with its data items: GET /api/v1/catalog/{origin}/{id}. Accepts the descriptor's
 * dataItems at the top level or under "descriptor". Without that endpoint, the search hit.
 */
export async function catalogResource(origin, id) {
  try {
    const found = await get(`/api/v1/catalog/${encodeURIComponent(origin)}/${encodeURIComponent(id)}`);
    const descriptor = found.descriptor || {};
    return { ...descriptor, ...found, dataItems: found.dataItems || descriptor.dataItems || null };
  } catch (e) {
    if (e.status !== 404 && e.status !== 405) throw e;
    const hit = seen.get(`${origin}/${id}`) || (await findHit(origin, id));
    if (!hit) throw e;
    return { ...hit, dataItems: null };
  }
}

/** Every hit of a query, page by page (the node serves at most 200 a page), up to `most`. */
export async function searchAll(query, most = 2000) {
  const items = [];
  let cursor;
  do {
    const page = await searchCatalog({ ...query, limit: 200, cursor });
    items.push(...(page.items || []));
    cursor = page.next;
  } while (cursor && items.length < most);
  return items;
}

async function findHit(origin, id) {
  const items = await searchAll({ region: origin });
  return items.find((h) => h.origin === origin && h.id === id) || null;
}
