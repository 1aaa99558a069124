// The signed-in account, shared by every page. Roles decide the menus; the server decides
// what data each role may see (a page never relies on hiding a menu for security).
import { reactive } from 'vue'
import { api, setCsrf, setHandlers, paths } from './api.js'
import { setServerToday } from './format.js'

export const PLATFORM_ROLES = ['sysadmin', 'secadmin', 'auditor']
export const BUSINESS_ROLES = ['office', 'leader', 'liaison', 'staff']

export const session = reactive({
  loaded: false,
  account: null, // {username, display_name, person, org, department, roles, permissions, data_scope, must_change_password}
  org: '', // the unit business pages act on
  units: [],
  unread: 0 // in-platform messages not read yet (the bell)
})

// Whether this browser signed in before. Only then is the session probed on start, so that a
// visitor who never signed in gets the login page without a 401 in the console.
const HINT = 'zeren.signedIn'
const hinted = () => localStorage.getItem(HINT) === '1'

function apply(reply) {
  session.account = reply ? reply.account : null
  if (session.account) localStorage.setItem(HINT, '1')
  else localStorage.removeItem(HINT)
  setCsrf(reply ? reply.csrf_token : '')
  if (reply && reply.today) setServerToday(reply.today)
  session.org = (reply && reply.account && reply.account.org) || ''
}

export async function loadSession() {
  if (!hinted()) {
    session.loaded = true
    return null
  }
  try {
    apply(await api.get(paths.session, undefined, { quiet: true }))
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) throw e
    // 403 password_change_required still tells us who is signed in on some servers; else none.
    apply(e.status === 403 && e.body && e.body.account ? e.body : null)
  }
  session.loaded = true
  return session.account
}

export async function login(username, password) {
  const reply = await api.post(paths.session, { username, password }, { quiet: true })
  apply(reply)
  session.loaded = true
  return session.account
}

export async function logout() {
  try {
    await api.del(paths.session, { quiet: true })
  } catch {
    // the session may have expired already; either way we are signed out here
  }
  apply(null)
}

export async function changePassword(oldPassword, newPassword) {
  await api.put(paths.sessionPassword, { old_password: oldPassword, new_password: newPassword }, { quiet: true })
  // The server revokes other sessions and may rotate this one: read it again.
  await loadSession()
}

// What the server says the account may do (the session reply's permissions and data scope).
export function can(perm) {
  return ((session.account && session.account.permissions) || []).includes(perm)
}
export const dataScope = () => (session.account && session.account.data_scope) || 'none'

// The bell's count, read again from the server (an account linked to no person has none).
export async function refreshUnread() {
  if (!session.account || !session.account.person || !can('read')) return (session.unread = 0)
  try {
    const r = await api.get(paths.myNotifications, { unread: 'true', per_page: 1 }, { quiet: true })
    session.unread = r.unread
  } catch {
    // the count is a hint; the messages page shows the error if there is one
  }
  return session.unread
}

export const canWrite = () => can('write')
export const isOffice = () => can('office')

export function installHandlers(router) {
  setHandlers({
    unauthorized() {
      apply(null)
      if (router.currentRoute.value.name !== 'login')
        router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
    },
    passwordRequired() {
      if (session.account) session.account.must_change_password = true
      if (router.currentRoute.value.name !== 'password') router.push({ name: 'password' })
    }
  })
}
