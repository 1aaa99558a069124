// Dates as the server writes them (YYYY-MM-DD, or ISO times with their offset), shown as-is
// in Chinese convention. "today" is the server's (its one clock, Asia/Shanghai): the session
// reply says which day it is there, and the browser keeps the difference to its own clock.
import { isEn, label } from '../i18n/index.js'

const DAY = 86400 * 1000
let serverOffsetDays = 0

function browserToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

export function setServerToday(iso) {
  const server = Date.parse(iso)
  serverOffsetDays = isNaN(server) ? 0 : Math.round((server - Date.parse(browserToday())) / DAY)
}

export function today() {
  return new Date(Date.now() + 8 * 3600 * 1000 + serverOffsetDays * DAY).toISOString().slice(0, 10)
}

export function fmtTime(s) {
  if (!s) return ''
  // UTC times (audit, logins) are shown in Beijing time.
  if (/Z$/.test(s)) {
    const d = new Date(s)
    if (!isNaN(d)) return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
  }
  // 2026-10-12T08:10:00+08:00 → 2026-10-12 08:10 (the offset stays the writer's)
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(s)
  return m ? `${m[1]} ${m[2]}` : s
}

// Unix seconds (the notifications' times) in Beijing time, "2026-11-21 09:00".
export function fmtUnix(sec) {
  if (!sec) return ''
  return new Date(sec * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export function daysBetween(a, b) {
  return Math.round((new Date(`${b}T00:00:00Z`) - new Date(`${a}T00:00:00Z`)) / 86400000)
}

export function sevType(sev) {
  return sev === 'error' ? 'danger' : sev === 'warning' ? 'warning' : 'info'
}

// A list reply may be {items,total} or a bare array.
export function items(r) {
  return Array.isArray(r) ? r : (r && r.items) || []
}

// A rule by its title in the chosen language (a finding, or a by-rule count), its id only when
// it has no title.
export function ruleTitle(f) {
  if (!f) return ''
  return (isEn() && f.title_en) || f.title || f.rule || ''
}

// An audit record's action in words: its own label ("session.login" → 登录), else its kind's
// and verbs' ("person.update" → 人员·修改, "account.reset.request" → 账号·重置密码·申请),
// else the action as recorded.
export function auditActionText(a) {
  if (!a) return ''
  const whole = label('auditAction', a.replace('.', '_'))
  if (whole !== a.replace('.', '_')) return whole
  const [kind, ...verbs] = a.split('.')
  const words = [label('auditKind', kind), ...verbs.map((v) => label('auditVerb', v))]
  return words.every((w, i) => w === [kind, ...verbs][i]) ? a : words.join('·')
}
