// The policy editor's knowledge of zeren-policy/v1 (data/policy/README.md): which parameters
// each rule kind has and how they are entered, the recurrences a duty may have, and how a
// unit's version lays its rules over the shipped profile it extends (as the server does).

// Per kind: [key, input, unit]. Inputs: post, posts, int, bool, per, body, seats, agreement,
// record, grade, classes (incident classifications), items (handover checklist), and map: a
// number per key of MAP_KEYS[unit] (0 or empty: left out). Every parameter the engine reads
// (src/rules/policy.c param_keys) has its input.
export const KIND_FIELDS = {
  exclusive_posts: [['post', 'post'], ['excludes', 'posts']],
  full_time: [['post', 'post'], ['strict', 'bool']],
  min_holders: [['posts', 'posts'], ['min', 'int', 'people']],
  required_post: [['posts', 'posts'], ['per', 'per']],
  body_composition: [['body', 'body'], ['seats', 'seats'], ['member_posts', 'posts'], ['member_department_posts', 'posts']],
  system_owner: [['owner_department', 'bool'], ['posts', 'posts']],
  system_mlps: [['filing_min_level', 'int', 'level'], ['assessment_months', 'map', 'level']],
  agreement_in_force: [['agreement', 'agreement'], ['posts', 'posts']],
  agreement_expiring: [['agreement', 'agreement'], ['posts', 'posts'], ['within_days', 'int', 'days']],
  personnel_record: [['record', 'record'], ['posts', 'posts']],
  notice_deadline: [['workdays', 'int', 'workdays'], ['lookback_days', 'int', 'days']],
  notice_feedback: [['workdays', 'int', 'workdays'], ['lookback_days', 'int', 'days']],
  incident_report: [['hours', 'int', 'hours'], ['operator_hours', 'map', 'operator'], ['min_grade', 'grade'], ['lookback_days', 'int', 'days']],
  incident_repeat: [['months', 'int', 'months'], ['lookback_days', 'int', 'days']],
  incident_outage: [['hours', 'int', 'hours'], ['important_min_level', 'int', 'level'], ['attack_classifications', 'classes'], ['lookback_days', 'int', 'days']],
  incident_summary: [['days', 'int', 'days'], ['min_grade', 'grade']],
  obligation_overdue: [['lookback_days', 'int', 'days']],
  handover: [['posts', 'posts'], ['days', 'int', 'days'], ['requires', 'items'], ['lookback_days', 'int', 'days']],
  vulnerability_fix: [['days', 'map', 'vulnSeverity'], ['verify', 'bool']],
  emergency_plan: [['review_months', 'int', 'months']],
  required_agreement: [['agreement', 'agreement'], ['everyone', 'bool'], ['posts', 'posts'], ['per_year', 'bool']],
  log_retention: [['days', 'map', 'logKind']],
  training_hours: [['posts', 'posts'], ['everyone', 'bool'], ['hours', 'int', 'classHours']],
  training_certificate: [['posts', 'posts']],
  project_security: [['budget_percent', 'int', 'percent'], ['three_sync', 'bool']],
  rectification_overdue: [['workdays', 'int', 'workdays']]
}
// The keys of a map parameter, each with the label group and the unit of its numbers.
export const MAP_KEYS = {
  level: { keys: ['1', '2', '3', '4', '5'], group: 'mlpsLevel', unit: 'months' },
  operator: { keys: ['cii_operator', 'central_state_organ', 'other'], group: 'operatorType', unit: 'hours' },
  vulnSeverity: { keys: ['critical', 'high', 'medium', 'low'], group: 'vulnSeverity', unit: 'days' },
  logKind: {
    keys: ['network_log', 'server_log', 'device_log', 'gateway_audit', 'access_record', 'website_content', 'lab_record', 'public_lab_record'],
    group: 'logKind',
    unit: 'days'
  }
}
// GB/T 20986-2023 classifications (data/incident-categories.json) and the handover checklist.
export const INCIDENT_CLASSES = ['malware', 'network_attack', 'data_security', 'content_security', 'equipment_failure',
  'improper_operation', 'security_hazard', 'abnormal_behavior', 'force_majeure', 'other']
export const HANDOVER_ITEMS = ['accounts_closed', 'materials_returned', 'passwords_changed', 'successor']

// A map parameter without its empty entries (0 or blank: no figure of its own); null when none is left.
export function compactMap(m) {
  const out = {}
  for (const [k, v] of Object.entries(m || {})) if (v) out[k] = v
  return Object.keys(out).length ? out : null
}
export const KINDS = Object.keys(KIND_FIELDS)
export const BODY_KINDS = ['leading_group', 'working_group', 'emergency_group', 'office']
export const SEATS = ['leader', 'deputy', 'member']
export const AGREEMENTS = ['responsibility_letter', 'key_post_security', 'confidentiality', 'network_access']
export const GRADES = ['general', 'relatively_major', 'major', 'especially_major']

// The recurrences the engine knows (period = the span each occurrence covers; a daily duty's is
// the day, due that day or on the next working day).
export const FREQUENCIES = [
  { id: 'yearly', rrule: 'FREQ=YEARLY', period: 'year' },
  { id: 'half', rrule: 'FREQ=MONTHLY;INTERVAL=6', period: 'half' },
  { id: 'quarterly', rrule: 'FREQ=MONTHLY;INTERVAL=3', period: 'quarter' },
  { id: 'monthly', rrule: 'FREQ=MONTHLY', period: 'month' },
  { id: 'weekly', rrule: 'FREQ=WEEKLY', period: 'week' },
  { id: 'daily', rrule: 'FREQ=DAILY', period: 'day' }
]
export function frequencyOf(o) {
  return (FREQUENCIES.find((f) => f.period && f.period === o.period) || FREQUENCIES[0]).id
}

// A duty's deadline: {days: N} after its period (moved to the next working day), {workdays: N},
// or {day_of_next: D} ("by the 5th of next month").
export function dueOf(o) {
  const d = o.due || { days: 0 }
  if (d.day_of_next !== undefined) return { kind: 'day_of_next', n: d.day_of_next }
  if (d.workdays !== undefined) return { kind: 'workdays', n: d.workdays }
  return { kind: 'days', n: d.days || 0 }
}

// The rules (or duties) a version has: the base's, each replaced in place by the version's of
// the same id (or marked removed when the version drops it), then the version's new ones.
export function overlay(base, own, removes) {
  const mine = new Map((own || []).map((r) => [r.id, r]))
  const dropped = new Set(removes || [])
  const out = (base || []).map((r) =>
    mine.has(r.id) ? { ...mine.get(r.id), origin: 'changed' } : { ...r, origin: dropped.has(r.id) ? 'removed' : 'base' }
  )
  const ids = new Set((base || []).map((r) => r.id))
  for (const r of own || []) if (!ids.has(r.id)) out.push({ ...r, origin: 'added' })
  return out
}

// Strips what overlay() added, for saving.
export function plain(r) {
  const { origin, ...rest } = r
  return rest
}

export function titleOf(x) {
  if (!x) return ''
  return typeof x.title === 'string' ? x.title : (x.title && (x.title.zh || x.title.en)) || ''
}
