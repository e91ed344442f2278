// ElMessage is imported on demand (with its CSS) by unplugin-auto-import.
import { i18n } from '../i18n/index.js';

/** Shows a refusal from the node: its detail, as text (ElMessage escapes unless told otherwise). */
export function showError(error) {
  if (error?.status === 401) return; // the router already went to the login page
  const text = error?.message || i18n.global.t('errors.generic');
  ElMessage({ type: 'error', message: String(text), showClose: true, duration: 6000 });
}

export function showSuccess(text) {
  ElMessage({ type: 'success', message: String(text) });
}
