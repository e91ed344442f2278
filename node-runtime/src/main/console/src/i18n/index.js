import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import elEn from 'element-plus/es/locale/lang/en';
import { zhCN, en } from './messages.js';

// Only the language choice is remembered in the browser; nothing about the session is.
const KEY = 'cascade.console.lang';

function initialLocale() {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn));

export function setLocale(locale) {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // storage refused: the choice lasts until reload
  }
}
