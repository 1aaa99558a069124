import { createRouter, createWebHistory } from 'vue-router'
import { menu, menusFor, homeFor, allows } from './menu.js'
import { session, loadSession } from './lib/session.js'
import Layout from './layout/Layout.vue'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
  // What a document's QR code leads to: anyone may check a number, signed in or not.
  { path: '/verify/:number', name: 'verify', component: () => import('./views/Verify.vue'), meta: { public: true } },
  { path: '/password', name: 'password', component: () => import('./views/Password.vue'), meta: { anyAccount: true } },
  {
    path: '/',
    component: Layout,
    children: [
      ...menu.map((m) => ({ path: m.path.slice(1), name: m.name, component: m.component, props: m.props, meta: { entry: m } })),
      { path: 'profile', name: 'profile', component: () => import('./views/Profile.vue'), meta: { anyAccount: true } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue'), meta: { anyAccount: true } },
      { path: '', name: 'home', redirect: () => homeFor(session.account) }
    ]
  },
  { path: '/:rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue'), meta: { public: true } }
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession().catch(() => null)
  if (to.meta.public) return true
  const acc = session.account
  if (!acc) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (acc.must_change_password && to.name !== 'password') return { name: 'password' }
  if (to.meta.anyAccount || !to.meta.entry) return true
  if (!allows(acc, to.meta.entry)) return menusFor(acc).length ? { name: 'forbidden' } : { name: 'profile' }
  return true
})
