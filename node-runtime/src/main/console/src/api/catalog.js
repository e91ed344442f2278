import { get } from './http.js';

export async function searchCatalog(query) {
  return get('/api/v1/catalog/search', query);
}

/** One resource as registered, with its data items: GET /api/v1/catalog/{origin}/{id}. */
export async function catalogResource(origin, id) {
  return get(`/api/v1/catalog/${encodeURIComponent(origin)}/${encodeURIComponent(id)}`);
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
