import { createRouter, createWebHistory } from 'vue-router'
import { menu, menusFor, homeFor } from './menu.js'
import { session, loadSession } from './lib/session.js'
import Layout from './layout/Layout.vue'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true } },
  { path: '/password', name: 'password', component: () => import('./views/Password.vue'), meta: { anyAccount: true } },
  {
    path: '/',
    component: Layout,
    children: [
      ...menu.map((m) => ({ path: m.path.slice(1), name: m.name, component: m.component, props: m.props, meta: { roles: m.roles } })),
      { path: 'profile', name: 'profile', component: () => import('./views/Profile.vue'), meta: { anyAccount: true } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue'), meta: { anyAccount: true } },
      { path: '', name: 'home', redirect: () => homeFor(session.account && session.account.roles) }
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
  if (to.meta.anyAccount || !to.meta.roles) return true
  if (!to.meta.roles.some((r) => acc.roles.includes(r))) {
    return menusFor(acc.roles).length ? { name: 'forbidden' } : { name: 'profile' }
  }
  return true
})
