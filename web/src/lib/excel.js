// Excel in and out, in the browser. write-excel-file / read-excel-file (both maintained, small,
// one dependency: fflate) rather than the npm `xlsx` (no longer updated on the registry) or
// exceljs (last release 2023, a large dependency tree). The "universal" entry points run in
// the page itself: no Web Worker, so nothing depends on the server's CSP for workers.
import writeExcelFile from 'write-excel-file/universal'
import { readSheet } from 'read-excel-file/universal'

function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function cellValue(v) {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.join('、')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

// Excel's column width in characters: the widest cell of the column (header included), a
// Chinese character counting as two, within 8..60 (issue 22 item 5: exported columns were cut).
function textWidth(v) {
  const s = v === null || v === undefined ? '' : String(v.value ?? v)
  let w = 0
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1
  return w
}
function fitWidth(data, i) {
  let w = 0
  for (const row of data) w = Math.max(w, textWidth(row[i]))
  return Math.max(8, Math.min(60, w + 2))
}

// columns: [{label, value(row) | prop, width?}]; rows: objects.
export async function exportRows(fileName, sheet, columns, rows) {
  const header = columns.map((c) => ({ value: c.label, fontWeight: 'bold', backgroundColor: '#E8EEF7' }))
  const data = [header]
  for (const r of rows) data.push(columns.map((c) => cellValue(c.value ? c.value(r) : r[c.prop])))
  const blob = await writeExcelFile(data, {
    sheet: sheet.slice(0, 31),
    columns: columns.map((c, i) => ({ width: c.xlsxWidth || fitWidth(data, i) })),
    stickyRowsCount: 1
  }, { fontFamily: 'Microsoft YaHei', fontSize: 11 }).toBlob()
  saveBlob(blob, fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`)
}

// A template: the header row and one example row (greyed), so people can fill it in.
export async function downloadTemplate(fileName, sheet, headers, example) {
  const data = [
    headers.map((h) => ({ value: h, fontWeight: 'bold', backgroundColor: '#E8EEF7' })),
    example.map((v) => ({ value: cellValue(v), textColor: '#909399' }))
  ]
  const blob = await writeExcelFile(data, { sheet, columns: headers.map(() => ({ width: 22 })) }).toBlob()
  saveBlob(blob, fileName)
}

// Rows of the first sheet as arrays of strings (dates as YYYY-MM-DD), header row included.
export async function readRows(file) {
  const rows = await readSheet(file)
  return rows.map((row) =>
    row.map((v) => {
      if (v === null || v === undefined) return ''
      // a date cell as YYYY-MM-DD; one with a time of day (an incident's) as YYYY-MM-DD HH:MM
      if (v instanceof Date) return v.toISOString().endsWith('T00:00:00.000Z') ? v.toISOString().slice(0, 10) : v.toISOString().slice(0, 16).replace('T', ' ')
      return String(v).trim()
    })
  )
}

// A date cell as YYYY-MM-DD, whatever Excel made of it (issue 22 item 2): a date typed in Excel
// and read without its format is a serial number of days since 1899-12-30 (46035 is
// 2026-01-13); "2026/1/5" and "2026.1.5" are written as people write dates. Anything else is
// returned as it is, for the caller to refuse.
export function excelDate(v) {
  const s = String(v ?? '').trim()
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const n = Math.floor(Number(s))
    if (n >= 20000 && n <= 80000) return new Date(Date.UTC(1899, 11, 30) + n * 86400000).toISOString().slice(0, 10)
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s)
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  return s
}

export { saveBlob }
