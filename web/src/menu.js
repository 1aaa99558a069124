// The menus, each with what it needs of the signed-in account: a permission (the server's route
// permission ids, as the session reply lists them) and, for pages that manage or oversee, a data
// scope wider than oneself. The server decides both (api/session.c); nothing here repeats its
// role table. Router entries are built from this list, so a page an account may not see is also
// a page it cannot open by URL.
const OVERSEE = ['unit', 'department'] // office and leader see the unit, a liaison a department

export const menu = [
  // First, so that it is the supervisor's home: the units below, not its own unit's pages.
  { path: '/supervision', name: 'supervision', icon: 'DataAnalysis', perm: 'supervise', component: () => import('./views/Supervision.vue') },
  { path: '/dashboard', name: 'dashboard', icon: 'Odometer', perm: 'read', component: () => import('./views/Dashboard.vue') },
  { path: '/org', name: 'org', icon: 'OfficeBuilding', perm: 'read', scopes: OVERSEE, component: () => import('./views/Org.vue') },
  { path: '/people', name: 'people', icon: 'User', perm: 'read', component: () => import('./views/People.vue') },
  { path: '/systems', name: 'systems', icon: 'Monitor', perm: 'read', scopes: OVERSEE, component: () => import('./views/Systems.vue') },
  { path: '/agreements', name: 'agreements', icon: 'Tickets', perm: 'read', component: () => import('./views/Agreements.vue') },
  { path: '/documents', name: 'documents', icon: 'EditPen', perm: 'read', component: () => import('./views/Documents.vue') },
  { path: '/handovers', name: 'handovers', icon: 'Switch', perm: 'read', component: () => import('./views/Handovers.vue') },
  { path: '/emergency-plans', name: 'plans', icon: 'FirstAidKit', perm: 'read', component: () => import('./views/EmergencyPlans.vue') },
  { path: '/projects', name: 'projects', icon: 'Coin', perm: 'read', component: () => import('./views/Projects.vue') },
  { path: '/vulnerabilities', name: 'vulnerabilities', icon: 'Aim', perm: 'read', scopes: OVERSEE, component: () => import('./views/Vulnerabilities.vue') },
  { path: '/log-sources', name: 'logSources', icon: 'Files', perm: 'read', component: () => import('./views/LogSources.vue') },
  { path: '/trainings', name: 'trainings', icon: 'Reading', perm: 'read', component: () => import('./views/Trainings.vue') },
  { path: '/obligations', name: 'obligations', icon: 'Calendar', perm: 'read', component: () => import('./views/Obligations.vue') },
  { path: '/incidents', name: 'incidents', icon: 'Warning', perm: 'read', scopes: OVERSEE, component: () => import('./views/Incidents.vue') },
  { path: '/notices', name: 'notices', icon: 'Bell', perm: 'read', scopes: OVERSEE, component: () => import('./views/Notices.vue') },
  { path: '/evaluation', name: 'evaluation', icon: 'Medal', perm: 'read', component: () => import('./views/Evaluation.vue') },
  { path: '/findings', name: 'findings', icon: 'DocumentChecked', perm: 'read', scopes: OVERSEE, component: () => import('./views/Findings.vue') },
  // 整改台账: every business role, each within its scope (staff: what was assigned to them).
  { path: '/rectifications', name: 'rectifications', icon: 'Stamp', perm: 'read', component: () => import('./views/Rectifications.vue') },
  // 收到的检查: the supervisors' inspections of the unit, each item's rectification in the register.
  { path: '/inspections', name: 'inspections', icon: 'View', perm: 'read', component: () => import('./views/Inspections.vue') },
  // 上级报送: a unit on its own zeren reports up and receives notices as signed packages (office).
  { path: '/federation', name: 'federation', icon: 'Connection', perm: 'office', component: () => import('./views/Federation.vue') },
  // The unit's own policy: the office drafts versions, a leader approves them (four eyes).
  { path: '/unit-policy', name: 'unitPolicy', icon: 'Document', perm: 'read', scopes: ['unit'], component: () => import('./views/UnitPolicy.vue') },
  { path: '/messages', name: 'messages', icon: 'Message', perm: 'read', component: () => import('./views/Messages.vue') },
  { path: '/deliveries', name: 'deliveries', icon: 'Promotion', perm: 'office', component: () => import('./views/Deliveries.vue') },
  { path: '/data', name: 'data', icon: 'Upload', perm: 'office', component: () => import('./views/DataIO.vue') },
  // The 三员's 工作台 (issue 22 item 8): first of their pages, so that it is their home.
  { path: '/admin/home', name: 'adminHome', icon: 'Odometer', perm: 'platform', component: () => import('./views/admin/AdminHome.vue') },
  { path: '/admin/accounts', name: 'accounts', icon: 'UserFilled', perm: 'accounts', component: () => import('./views/admin/Accounts.vue') },
  { path: '/admin/calendar', name: 'workcal', icon: 'Calendar', perm: 'accounts', component: () => import('./views/admin/WorkCalendar.vue') },
  { path: '/admin/notify', name: 'notifyChannels', icon: 'ChatDotRound', perm: 'accounts', component: () => import('./views/admin/NotifyChannels.vue') },
  { path: '/admin/roles', name: 'roles', icon: 'Key', perm: 'security', component: () => import('./views/admin/Roles.vue') },
  { path: '/admin/policy', name: 'policy', icon: 'Document', perm: 'security', component: () => import('./views/admin/Policy.vue') },
  { path: '/admin/audit', name: 'audit', icon: 'List', perm: 'audit', component: () => import('./views/admin/Audit.vue'), props: { mode: 'operations' } },
  { path: '/admin/logins', name: 'logins', icon: 'Finished', perm: 'audit', component: () => import('./views/admin/Audit.vue'), props: { mode: 'logins' } },
  // Last, so that each administrator's home stays their own page (accounts, roles, the audit log).
  { path: '/admin/requests', name: 'requests', icon: 'Checked', perm: 'platform', component: () => import('./views/admin/Requests.vue') },
  // 系统管理 of the unit (issue 22): its own lists, settings and announcements, the office's.
  { path: '/system/dictionary', name: 'dictionary', icon: 'Collection', perm: 'office', component: () => import('./views/system/Dictionary.vue') },
  { path: '/system/settings', name: 'unitSettings', icon: 'Setting', perm: 'office', component: () => import('./views/system/Settings.vue') },
  { path: '/system/announcements', name: 'announcements', icon: 'Notification', perm: 'office', component: () => import('./views/system/Announcements.vue') }
]

// Whether the account may open menu entry m.
export function allows(account, m) {
  if (!account) return false
  const perms = account.permissions || []
  return perms.includes(m.perm) && (!m.scopes || m.scopes.includes(account.data_scope))
}

export function menusFor(account) {
  return menu.filter((m) => allows(account, m))
}

export function homeFor(account) {
  const m = menusFor(account)
  return m.length ? m[0].path : '/profile'
}
