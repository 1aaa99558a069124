// A small reactive dictionary: t('menu.dashboard') reads the current locale, so every
// template that calls it re-renders when the language is switched. zh-CN is the default;
// a key missing in English falls back to Chinese rather than showing the key.
import { ref } from 'vue'
import zh from './zh-CN.js'
import en from './en.js'

const dicts = { 'zh-CN': zh, en }
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('zeren.locale') : null
export const locale = ref(saved === 'en' ? 'en' : 'zh-CN')

function lookup(dict, key) {
  let cur = dict
  for (const part of key.split('.')) {
    if (cur == null || typeof cur !== 'object') return undefined
    cur = cur[part]
  }
  return typeof cur === 'string' ? cur : undefined
}

export function t(key, params) {
  let s = lookup(dicts[locale.value], key) ?? lookup(zh, key) ?? key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m))
  return s
}

// t() for an enum value, showing the raw value when the dictionary does not know it.
export function label(group, value) {
  if (value === null || value === undefined || value === '') return ''
  const k = `${group}.${value}`
  const s = t(k)
  return s === k ? String(value) : s
}

export function setLocale(l) {
  locale.value = l === 'en' ? 'en' : 'zh-CN'
  localStorage.setItem('zeren.locale', locale.value)
  document.documentElement.lang = locale.value
}

export const isEn = () => locale.value === 'en'

export default {
  install(app) {
    app.config.globalProperties.$t = t
    app.config.globalProperties.$label = label
  }
}
