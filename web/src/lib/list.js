// The pieces every list page shares: one page of a server-paged list, and the add/edit dialog
// of a unit's collection.
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { t } from '../i18n/index.js'
import { api, unitPath } from './api.js'
import { fieldLabel } from './errors.js'
import { session } from './session.js'

// One page of path() under the filters query(), both read at each load. A DataTable binds
// rows, total, page, perPage and loading and calls load on change; search() starts at page 1.
// after(), when given, runs once each load is done, whether it succeeded or not.
export function usePagedList(path, query, after = null) {
  const rows = ref([])
  const total = ref(0)
  const page = ref(1)
  const perPage = ref(20)
  const loading = ref(false)
  async function load() {
    loading.value = true
    try {
      const r = await api.get(path(), { ...query(), page: page.value, per_page: perPage.value })
      rows.value = r.items
      total.value = r.total
    } catch (e) {
      ElMessage.error(e.message)
    } finally {
      loading.value = false
    }
    if (after) await after()
  }
  function search() {
    page.value = 1
    return load()
  }
  return { rows, total, page, perPage, loading, load, search }
}

// The dialog that adds to or edits /units/{org}/{collection}: edit(row) fills the form with
// toForm(row or {}) (no row: a new record), save() POSTs a new one or PUTs the one with its
// id, and keeps the dialog open with the refusal, worded in the chosen language.
// required: the form's keys that must be filled, checked before anything is sent (the refusal
// is worded as the server's would be: errors.reason.missing with the field's label).
export function useRecordDialog(collection, { toForm, toBody, saved, required = [] }) {
  const open = ref(false)
  const error = ref('')
  const form = reactive({})
  function edit(row) {
    error.value = ''
    Object.assign(form, { isNew: !row, ...toForm(row || {}) })
    open.value = true
  }
  async function save() {
    const path = unitPath(session.org, `/${collection}`)
    const missing = required.find((k) => {
      const v = form[k]
      return v === undefined || v === null || (typeof v === 'string' ? !v.trim() : Array.isArray(v) && !v.length)
    })
    if (missing) {
      error.value = t('errors.reason.missing', { field: fieldLabel(missing) })
      return
    }
    try {
      if (form.isNew) await api.post(path, toBody(form))
      else await api.put(`${path}/${encodeURIComponent(form.id)}`, toBody(form))
      ElMessage.success(t('common.saved'))
      open.value = false
      saved()
    } catch (e) {
      error.value = e.message // in the chosen language, naming the field by its label
    }
  }
  return { open, error, form, edit, save }
}
