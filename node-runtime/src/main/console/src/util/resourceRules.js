// The catalog's rules that a form can check before sending (the node checks them all again, and the
// policy packs besides): messages keyed by the same field paths the node's violations use.

const ID = /^[1-3]\.\d{2}\.\d{3}(\.\d{3})?-\d{6}$/;
const ITEM_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const ORDER = ['L1', 'L2', 'L3', 'L4', 'important', 'core'];
const REQUIRED = ['id', 'title', 'abstract', 'category', 'format', 'level', 'sharingType', 'openType', 'updateCycle',
  'publishDate', 'scope', 'source'];

const atLeast = (a, b) => ORDER.indexOf(a) >= ORDER.indexOf(b);
const blank = (v) => v === undefined || v === null || String(v).trim() === '';

/**
 * Checks a descriptor; returns { path: messageKey } where messageKey is an i18n key under
 * "rules" (with the offending value in params when useful).
 */
export function checkResource(d) {
  const out = {};
  REQUIRED.forEach((f) => {
    if (blank(d[f])) out[f] = { key: 'required' };
  });
  if (!blank(d.id) && !ID.test(d.id)) out.id = { key: 'idFormat' };
  const items = d.dataItems || [];
  if (!items.length) out.dataItems = { key: 'itemsRequired' };
  const seen = new Map();
  let highest = null;
  items.forEach((item, i) => {
    const at = `dataItems[${i}]`;
    if (blank(item.name)) out[`${at}.name`] = { key: 'required' };
    else if (!ITEM_NAME.test(item.name)) out[`${at}.name`] = { key: 'itemName' };
    else if (seen.has(item.name)) out[`${at}.name`] = { key: 'duplicate', params: { first: seen.get(item.name) } };
    else seen.set(item.name, i);
    if (blank(item.type)) out[`${at}.type`] = { key: 'required' };
    if (blank(item.level)) out[`${at}.level`] = { key: 'required' };
    else if (!highest || atLeast(item.level, highest)) highest = item.level;
  });
  if (!blank(d.level) && highest && !atLeast(d.level, highest)) out.level = { key: 'belowItem', params: { level: highest } };
  if (d.sharingType === 'conditional' && blank(d.sharingCondition)) out.sharingCondition = { key: 'conditionRequired' };
  if (d.sharingType !== 'conditional' && !blank(d.sharingCondition)) out.sharingCondition = { key: 'conditionOnly' };
  if (d.sharingType === 'not_shareable' && !blank(d.scope) && d.scope !== 'node') out.scope = { key: 'notShareableScope' };
  if (d.level === 'core' && !blank(d.scope) && d.scope !== 'node') out.scope = { key: 'coreScope' };
  if (!blank(d.level) && atLeast(d.level, 'L4') && d.sharingType === 'unconditional') out.sharingType = { key: 'highUnconditional' };
  if (d.sharingType === 'not_shareable' && !blank(d.openType) && d.openType !== 'not_open') out.openType = { key: 'notShareableOpen' };
  return out;
}

/** The node's violations [{field, detail}] as { path: text }. */
export function violationsByField(violations) {
  const out = {};
  (violations || []).forEach((v) => {
    const field = v.field || '';
    out[field] = out[field] ? `${out[field]}; ${v.detail}` : String(v.detail);
  });
  return out;
}
