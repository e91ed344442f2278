// Small display helpers. Everything returned is plain text for {{ }} interpolation, never markup.

/** A time from the node (ISO-8601 string or epoch millis) in the reader's local time. */
export function formatTime(value) {
  if (value === null || value === undefined || value === '') return '—';
  const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Seconds left until an instant, as h:mm:ss; negative when past. */
export function secondsUntil(iso, now) {
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.floor((t - now) / 1000);
}

export function formatDuration(seconds) {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h >= 48 ? `${Math.floor(h / 24)}d ${h % 24}h` : `${h}:${pad(m)}:${pad(sec)}`;
}

const LEVEL_TAGS = { L1: 'info', L2: 'success', L3: 'warning', L4: 'danger', important: 'danger', core: 'danger' };

/** The Element Plus tag type for a data level. */
export function levelTag(level) {
  return LEVEL_TAGS[level] || 'info';
}

const FINAL = new Set(['CLOSED', 'CONFIRMED', 'DENIED', 'EXPIRED', 'FAILED']);

/** Whether an exchange's state will not change any more (CLOSED waits only for the consumer's receipt). */
export function isFinal(state) {
  return FINAL.has(state);
}

export function stateTag(state) {
  if (['DENIED', 'EXPIRED', 'FAILED'].includes(state)) return 'danger';
  if (['DELIVERED', 'CLOSED', 'CONFIRMED'].includes(state)) return 'success';
  if (state === 'PENDING_APPROVAL') return 'warning';
  return 'primary';
}

/** Any value as one line of text (objects as JSON). */
export function asText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Text for an ECharts label or rich-text tooltip: ECharts reads {style|text} markup in those, so
 * braces and bars coming from the node are replaced by look-alikes that it leaves alone.
 */
export function chartText(value) {
  return asText(value).replace(/[{]/g, '｛').replace(/[}]/g, '｝').replace(/[|]/g, '｜');
}
