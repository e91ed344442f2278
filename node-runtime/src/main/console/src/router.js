import { createRouter, createWebHashHistory } from 'vue-router';
import { auth, loadSession, hasRole, setUnauthorizedHandler } from './api/http.js';

const CATALOG_READERS = ['provider', 'consumer', 'approver', 'auditor'];

/** The menu, in order; a page shows only to sessions holding one of its roles. */
export const pages = [
  { name: 'catalog', path: '/catalog', roles: CATALOG_READERS, component: () => import('./pages/CatalogPage.vue') },
  { name: 'exchanges', path: '/exchanges', roles: ['consumer'], component: () => import('./pages/ExchangesPage.vue') },
  { name: 'resources', path: '/resources', roles: ['provider'], component: () => import('./pages/ResourcesPage.vue') },
  { name: 'inbox', path: '/inbox', roles: ['approver'], component: () => import('./pages/InboxPage.vue') },
  { name: 'ledger', path: '/ledger', roles: ['auditor'], component: () => import('./pages/LedgerPage.vue') },
  { name: 'node', path: '/node', roles: ['node-admin'], component: () => import('./pages/NodePage.vue') },
  { name: 'supervision', path: '/supervision', roles: ['supervisor', 'node-admin', 'auditor'], component: () => import('./pages/SupervisionPage.vue') },
];

export function visiblePages() {
  return pages.filter((p) => hasRole(...p.roles));
}

const routes = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  ...pages.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { roles: p.roles, nav: p.name } })),
  {
    path: '/catalog/:origin/:id',
    name: 'resource',
    component: () => import('./pages/ResourceDetailPage.vue'),
    props: true,
    meta: { roles: CATALOG_READERS, nav: 'catalog' },
  },
  {
    path: '/exchanges/:id',
    name: 'exchange',
    component: () => import('./pages/ExchangeDetailPage.vue'),
    props: true,
    meta: { roles: ['consumer'], nav: 'exchanges' },
  },
  { path: '/', name: 'home', component: { render: () => null } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

setUnauthorizedHandler(() => {
  if (router.currentRoute.value.name !== 'login') router.push({ name: 'login' });
});

router.beforeEach(async (to) => {
  if (!auth.checked) {
    try {
      await loadSession();
    } catch {
      // the node is unreachable: the login page says what it can
    }
  }
  if (to.meta.public) {
    return auth.session && !to.query.error ? { name: 'home' } : true;
  }
  if (!auth.session) return { name: 'login' };
  if (to.name === 'home') {
    const first = visiblePages()[0];
    return first ? { name: first.name } : true;
  }
  if (to.meta.roles && !hasRole(...to.meta.roles)) {
    const first = visiblePages()[0];
    return first && first.name !== to.name ? { name: first.name } : { name: 'home' };
  }
  return true;
});

