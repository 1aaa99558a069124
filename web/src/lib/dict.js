// The unit's dictionary (字典管理): the lists its forms offer, fetched once per unit and shared;
// reloadDict() after an edit. A closed list's values are the engine's, shown by the unit's own
// label when it gave one, else by the UI's; an open list's values are the unit's own words.
import { reactive } from 'vue'
import { api, unitPath } from './api.js'
import { label, isEn } from '../i18n/index.js'

// Where the UI's own labels of a closed list's values are (i18n groups).
export const DICT_I18N = {
  agreement_kind: 'agreementKind', training_kind: 'trainingKind', training_level: 'trainingLevel', incident_grade: 'grade',
  vuln_severity: 'vulnSeverity', vuln_source: 'vulnSource', log_kind: 'logKind'
}

export const dict$ = reactive({ org: '', lists: {}, loaded: false })
let pending = null

export function needDict(org) {
  if (dict$.org === org && dict$.loaded) return Promise.resolve()
  if (pending && dict$.org === org) return pending
  dict$.org = org
  dict$.loaded = false
  pending = api
    .get(unitPath(org, '/dictionary'))
    .then((r) => {
      dict$.lists = Object.fromEntries(r.lists.map((l) => [l.list, l]))
      dict$.loaded = true
    })
    .catch(() => {
      dict$.lists = {}
    })
    .finally(() => {
      pending = null
    })
  return pending
}

export function reloadDict(org) {
  dict$.loaded = false
  return needDict(org)
}

// An entry's label in the current language.
export function entryLabel(list, e) {
  if (isEn() && e.label_en) return e.label_en
  if (DICT_I18N[list] && (isEn() || !e.label)) return label(DICT_I18N[list], e.value)
  return e.label || e.value
}

// The label of value in list (its value when the list does not have it).
export function dictLabel(list, value) {
  const l = dict$.lists[list]
  const e = l && l.entries.find((x) => x.value === value)
  if (e) return entryLabel(list, e)
  return DICT_I18N[list] ? label(DICT_I18N[list], value) : value || ''
}

// A form's options: the enabled entries in the unit's order, and `keep` (a record's present
// value) even when it was disabled since, so that editing the record does not lose it.
// Until the dictionary is loaded, a closed list offers `fallback` (the engine's values).
export function dictOptions(list, keep, fallback = []) {
  const l = dict$.lists[list]
  const entries = l ? l.entries.filter((e) => e.enabled || e.value === keep) : fallback.map((value) => ({ value }))
  const out = entries.map((e) => ({ value: e.value, label: entryLabel(list, e) }))
  if (keep && !out.some((o) => o.value === keep)) out.push({ value: keep, label: dictLabel(list, keep) })
  return out
}
