// Reference data of the unit that many pages show by name (departments, people, systems, the
// post catalogue, bodies), fetched once per unit and shared; reload() after an edit.
import { reactive } from 'vue'
import { api, fetchAll, unitPath, paths } from './api.js'
import { items } from './format.js'
import { t, isEn } from '../i18n/index.js'

export const ref$ = reactive({
  org: '',
  departments: [], // flat: {id,name,parent,...}
  people: [],
  systems: [],
  posts: [], // catalogue
  bodies: [],
  loaded: {}
})

const pending = {}

async function loadOne(key, fn) {
  if (pending[key]) return pending[key]
  pending[key] = fn()
    .then((v) => {
      ref$[key] = v
      ref$.loaded[key] = true
    })
    .catch(() => {
      ref$[key] = []
    })
    .finally(() => {
      delete pending[key]
    })
  return pending[key]
}

// Departments come as a tree (children) or flat (parent); both become flat here.
export function flattenDepts(list, parent = null, out = []) {
  for (const d of list || []) {
    out.push({ ...d, parent: d.parent !== undefined ? d.parent : parent })
    if (d.children && d.children.length) flattenDepts(d.children, d.id, out)
  }
  return out
}

export function deptTree(flat) {
  const byId = new Map(flat.map((d) => [d.id, { ...d, children: [] }]))
  const roots = []
  for (const d of byId.values()) {
    const p = d.parent && byId.get(d.parent)
    if (p) p.children.push(d)
    else roots.push(d)
  }
  return roots
}

const loaders = {
  departments: (org) => api.get(unitPath(org, '/departments')).then((r) => flattenDepts(items(r))),
  people: (org) => fetchAll(unitPath(org, '/people')),
  systems: (org) => fetchAll(unitPath(org, '/systems')),
  posts: () => api.get(paths.posts).then((r) => r.posts),
  bodies: (org) => api.get(unitPath(org, '/bodies')).then(items)
}

export async function need(org, ...keys) {
  if (ref$.org !== org) {
    ref$.org = org
    ref$.loaded = {}
    for (const k of Object.keys(loaders)) ref$[k] = []
  }
  await Promise.all(keys.filter((k) => !ref$.loaded[k]).map((k) => loadOne(k, () => loaders[k](org))))
}

export async function reload(org, ...keys) {
  for (const k of keys) ref$.loaded[k] = false
  await need(org, ...keys)
}

function find(list, id) {
  return list.find((x) => x.id === id)
}

export const deptName = (id) => (id ? (find(ref$.departments, id) || {}).name || id : '')
export const personName = (id) => (id ? (find(ref$.people, id) || {}).name || id : '')
export const systemName = (id) => (id ? (find(ref$.systems, id) || {}).name || id : '')
export function postName(id) {
  if (!id) return ''
  const p = find(ref$.posts, id)
  if (p) return isEn() ? p.name_en || p.name_zh : p.name_zh || p.name_en
  const k = `post.${id}`
  const s = t(k)
  return s === k ? id : s
}
