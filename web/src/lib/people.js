// The people register's columns in Excel (人员导入), for ImportRecords on the people page and on
// 数据导入导出: the id (may be left empty: the system makes one), the name, the department by name
// or id, and the dates of the person form.
import { t } from '../i18n/index.js'
import { ref$ } from './refdata.js'

export const personImportFields = () => [
  { key: 'id', label: t('people.id') },
  { key: 'name', label: t('people.name'), required: true, sample: t('people.sampleName') },
  { key: 'department', label: t('people.department'), kind: 'department', sample: ref$.departments[0] ? ref$.departments[0].name : t('people.sampleDept') },
  { key: 'background_check', label: t('people.backgroundCheck'), kind: 'date', sample: '2026-01-15' },
  { key: 'joined', label: t('people.joined'), kind: 'date' },
  { key: 'left', label: t('people.left'), kind: 'date' }
]
