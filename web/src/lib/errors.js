// The server's error replies in the chosen language. A reply carries {code, field, reason,
// message}: a refused field with a reason ("missing", "bad_date" …) is worded here from the
// field's own label; a message written in both languages ("中文 / English") shows its half;
// an English-only message in the Chinese UI gives way to the code's own words.
import { t, locale } from '../i18n/index.js'

const CJK = /[\u3400-\u9fff]/

// "$.people[0].background_check" → "background_check"; its label, or the name itself.
export function fieldLabel(field) {
  if (!field) return ''
  const name = String(field).replace(/\[\d+\]/g, '').split('.').pop()
  const k = `fields.${name}`
  const s = t(k)
  return s === k ? name : s
}

// One half of a bilingual "中文 / English" message, or the message as it is.
export function oneLanguage(msg) {
  if (!msg) return ''
  const i = msg.indexOf(' / ')
  if (i < 0) return msg
  const zh = msg.slice(0, i)
  const en = msg.slice(i + 3)
  if (!CJK.test(zh) || CJK.test(en)) return msg
  return locale.value === 'en' ? en : zh
}

function known(key, params) {
  const s = t(key, params)
  return s === key ? '' : s
}

export function errorText(status, code, field, reason, message) {
  const f = fieldLabel(field)
  if (reason) {
    const s = known(`errors.reason.${reason}`, { field: f })
    if (s) return s
  }
  const msg = oneLanguage(message)
  const wrongLanguage = locale.value === 'en' ? CJK.test(msg) && !/[A-Za-z]{3}/.test(msg) : !CJK.test(msg)
  if (msg && !wrongLanguage) return msg
  return known(`errors.code.${code}`, { field: f }) || (f ? t('errors.code.invalid', { field: f }) : '') || msg || `HTTP ${status}`
}
