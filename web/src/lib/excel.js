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
      if (v instanceof Date) return v.toISOString().slice(0, 10)
      return String(v).trim()
    })
  )
}

export { saveBlob }
