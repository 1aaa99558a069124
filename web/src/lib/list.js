// The pieces every list page shares: one page of a server-paged list, and the add/edit dialog
// of a unit's collection.
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { t } from '../i18n/index.js'
import { api, unitPath } from './api.js'
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
// id, and keeps the dialog open with the server's message (and the field it names) on refusal.
export function useRecordDialog(collection, { toForm, toBody, saved }) {
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
    try {
      if (form.isNew) await api.post(path, toBody(form))
      else await api.put(`${path}/${encodeURIComponent(form.id)}`, toBody(form))
      ElMessage.success(t('common.saved'))
      open.value = false
      saved()
    } catch (e) {
      error.value = e.field ? `${e.field}: ${e.message}` : e.message
    }
  }
  return { open, error, form, edit, save }
}
