// The menus, by role: the one place that says who sees which page. Router entries are built
// from it, so a page a role cannot see is also a page it cannot open by URL.
const B = ['office', 'leader', 'liaison', 'staff'] // business roles
const M = ['office', 'leader', 'liaison'] // business roles that manage or oversee

export const menu = [
  { path: '/dashboard', name: 'dashboard', icon: 'Odometer', roles: B, component: () => import('./views/Dashboard.vue') },
  { path: '/org', name: 'org', icon: 'OfficeBuilding', roles: M, component: () => import('./views/Org.vue') },
  { path: '/people', name: 'people', icon: 'User', roles: B, component: () => import('./views/People.vue') },
  { path: '/systems', name: 'systems', icon: 'Monitor', roles: M, component: () => import('./views/Systems.vue') },
  { path: '/agreements', name: 'agreements', icon: 'Tickets', roles: B, component: () => import('./views/Agreements.vue') },
  { path: '/obligations', name: 'obligations', icon: 'Calendar', roles: B, component: () => import('./views/Obligations.vue') },
  { path: '/incidents', name: 'incidents', icon: 'Warning', roles: M, component: () => import('./views/Incidents.vue') },
  { path: '/notices', name: 'notices', icon: 'Bell', roles: M, component: () => import('./views/Notices.vue') },
  { path: '/findings', name: 'findings', icon: 'DocumentChecked', roles: M, component: () => import('./views/Findings.vue') },
  { path: '/data', name: 'data', icon: 'Upload', roles: ['office'], component: () => import('./views/DataIO.vue') },
  { path: '/admin/accounts', name: 'accounts', icon: 'UserFilled', roles: ['sysadmin'], component: () => import('./views/admin/Accounts.vue') },
  { path: '/admin/calendar', name: 'workcal', icon: 'Calendar', roles: ['sysadmin'], component: () => import('./views/admin/WorkCalendar.vue') },
  { path: '/admin/roles', name: 'roles', icon: 'Key', roles: ['secadmin'], component: () => import('./views/admin/Roles.vue') },
  { path: '/admin/policy', name: 'policy', icon: 'Document', roles: ['secadmin'], component: () => import('./views/admin/Policy.vue') },
  { path: '/admin/audit', name: 'audit', icon: 'List', roles: ['auditor'], component: () => import('./views/admin/Audit.vue'), props: { mode: 'operations' } },
  { path: '/admin/logins', name: 'logins', icon: 'Finished', roles: ['auditor'], component: () => import('./views/admin/Audit.vue'), props: { mode: 'logins' } }
]

export function menusFor(roles) {
  return menu.filter((m) => m.roles.some((r) => (roles || []).includes(r)))
}

export function homeFor(roles) {
  const m = menusFor(roles)
  return m.length ? m[0].path : '/profile'
}
