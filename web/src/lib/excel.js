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

// columns: [{label, value(row) | prop, width?}]; rows: objects.
export async function exportRows(fileName, sheet, columns, rows) {
  const header = columns.map((c) => ({ value: c.label, fontWeight: 'bold', backgroundColor: '#E8EEF7' }))
  const data = [header]
  for (const r of rows) data.push(columns.map((c) => cellValue(c.value ? c.value(r) : r[c.prop])))
  const blob = await writeExcelFile(data, {
    sheet: sheet.slice(0, 31),
    columns: columns.map((c) => ({ width: c.xlsxWidth || Math.max(10, Math.min(60, (c.label || '').length * 2 + 6)) })),
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
