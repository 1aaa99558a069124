// Dates as the server writes them (YYYY-MM-DD, or ISO times with their offset), shown as-is
// in Chinese convention; "today" is Asia/Shanghai's, as on the server.
export function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return d.toISOString().slice(0, 10)
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
