// The one way the UI talks to zeren serve: JSON over fetch, the session cookie, the CSRF
// header on every state-changing request, and errors as ApiError carrying the server's
// {error:{code,message,field,reason}} (and, for 422 would_break_rules, its findings). The
// error's message is in the chosen language (lib/errors.js); the server's own is serverMessage.
import { errorText } from './errors.js'

let csrfToken = ''
let onUnauthorized = null
let onPasswordRequired = null

export function setCsrf(token) {
  csrfToken = token || ''
}

// The session module installs what happens when the server says 401 / password_change_required.
export function setHandlers({ unauthorized, passwordRequired }) {
  onUnauthorized = unauthorized
  onPasswordRequired = passwordRequired
}

export class ApiError extends Error {
  constructor(status, body, retryAfter = 0) {
    const err = (body && body.error) || {}
    super(errorText(status, err.code || '', err.field || '', err.reason || '', err.message || ''))
    this.status = status
    this.code = err.code || ''
    this.field = err.field || ''
    this.reason = err.reason || ''
    this.serverMessage = err.message || ''
    this.body = body
    this.retryAfter = retryAfter // seconds, from Retry-After (a 429)
  }
}

export function qs(query) {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

async function request(method, path, { query, body, raw, contentType, quiet } = {}) {
  const headers = { Accept: 'application/json' }
  let payload
  if (raw !== undefined) {
    payload = raw
    headers['Content-Type'] = contentType || 'application/octet-stream'
  } else if (body !== undefined) {
    payload = JSON.stringify(body)
    headers['Content-Type'] = 'application/json'
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const res = await fetch(path + qs(query), {
    method,
    headers,
    body: payload,
    credentials: 'same-origin'
  })
  const ct = res.headers.get('Content-Type') || ''
  let data = null
  if (ct.includes('json')) {
    data = await res.json().catch(() => null)
  } else if (!res.ok) {
    data = { error: { message: (await res.text().catch(() => '')) || res.statusText } }
  } else {
    data = await res.text()
  }
  if (!res.ok) {
    const e = new ApiError(res.status, data, Number(res.headers.get('Retry-After')) || 0)
    if (!quiet) {
      if (res.status === 401 && onUnauthorized && !path.endsWith('/session')) onUnauthorized()
      if (res.status === 403 && e.code === 'password_change_required' && onPasswordRequired) onPasswordRequired()
    }
    throw e
  }
  return data
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  upload: (path, file, query) =>
    request('POST', path, { query, raw: file, contentType: file.type || 'application/octet-stream' })
}

// A file the server sends (a document's PDF, to preview or download) as a Blob.
export async function fetchBlob(path) {
  const res = await fetch(path, { credentials: 'same-origin' })
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null))
  return res.blob()
}

// A POST whose reply is a file (a preview image) as a Blob.
export async function postBlob(path, body) {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify(body)
  })
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null))
  return res.blob()
}

// Saves a file the server sends (a PDF, a workbook) under name.
export async function downloadFile(path, name) {
  const blob = await fetchBlob(path)
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

// All pages of a paged list (for export): walks ?page= with the server's largest page.
export async function fetchAll(path, query = {}) {
  const perPage = 200
  const out = []
  for (let page = 1; page < 10000; page++) {
    const r = await api.get(path, { ...query, page, per_page: perPage })
    const items = Array.isArray(r) ? r : r.items || []
    out.push(...items)
    if (Array.isArray(r) || out.length >= (r.total ?? 0) || items.length === 0) break
  }
  return out
}

// A unit-scoped path: /api/v1/units/{org}/...
export function unitPath(org, rest = '') {
  return `/api/v1/units/${encodeURIComponent(org)}${rest}`
}

// Every path of the API outside a unit, in one place (a unit's resources: unitPath).
const enc = encodeURIComponent
export const paths = {
  session: '/api/v1/session',
  sessionPassword: '/api/v1/session/password',
  sessionCalendar: '/api/v1/session/calendar',
  units: '/api/v1/units',
  posts: '/api/v1/posts',
  import: '/api/v1/import',
  policies: '/api/v1/policies',
  policy: (id) => `/api/v1/policies/${enc(id)}`,
  accounts: '/api/v1/accounts',
  account: (username) => `/api/v1/accounts/${enc(username)}`,
  accountResetPassword: (username) => `/api/v1/accounts/${enc(username)}/reset-password`,
  accountSessions: (username) => `/api/v1/accounts/${enc(username)}/sessions`,
  accountRoles: (username) => `/api/v1/accounts/${enc(username)}/roles`,
  accountRequests: '/api/v1/account-requests',
  accountRequestApprove: (id) => `/api/v1/account-requests/${enc(id)}/approve`,
  accountRequestReject: (id) => `/api/v1/account-requests/${enc(id)}/reject`,
  roles: '/api/v1/roles',
  grants: '/api/v1/grants',
  audit: '/api/v1/audit',
  auditExport: '/api/v1/audit/export',
  auditVerify: '/api/v1/audit/verify',
  calendarDays: '/api/v1/calendar/days',
  calendarYears: '/api/v1/calendar/years',
  workdayAdd: '/api/v1/workday/add',
  workdayBetween: '/api/v1/workday/between',
  workdayIs: '/api/v1/workday/is',
  evaluationIndicators: (org) => unitPath(org, '/evaluation/indicators'),
  evaluations: (org) => unitPath(org, '/evaluations'),
  evaluation: (org, id, rest = '') => unitPath(org, `/evaluations/${enc(id)}${rest}`),
  evaluationReport: (org, id) => unitPath(org, `/evaluations/${enc(id)}/report`),
  verify: (number) => `/api/v1/verify/${enc(number)}`,
  supervisionUnits: '/api/v1/supervision/units',
  supervisionReports: '/api/v1/supervision/reports',
  supervisionTrend: '/api/v1/supervision/trend',
  supervisionNotices: '/api/v1/supervision/notices',
  supervisionInspections: '/api/v1/supervision/inspections',
  supervisionKeys: '/api/v1/supervision/keys',
  federation: (org, rest = '') => unitPath(org, '/federation' + rest),
  inspections: (org) => unitPath(org, '/inspections'),
  myNotifications: '/api/v1/me/notifications',
  myNotificationsRead: '/api/v1/me/notifications/read',
  myNotificationRead: (id) => `/api/v1/me/notifications/${enc(id)}/read`,
  myNotifyPrefs: '/api/v1/me/notify-prefs',
  notifyUnits: '/api/v1/notify/units',
  notifyChannels: (org) => `/api/v1/units/${enc(org)}/notify/channels`,
  notifyChannel: (org, ch) => `/api/v1/units/${enc(org)}/notify/channels/${enc(ch)}`,
  notifyChannelTest: (org, ch) => `/api/v1/units/${enc(org)}/notify/channels/${enc(ch)}/test`,
  notifyDeliveries: (org) => `/api/v1/units/${enc(org)}/notify/deliveries`,
  directoryPeople: '/api/v1/directory/people',
  directoryDepartments: '/api/v1/directory/departments'
}
