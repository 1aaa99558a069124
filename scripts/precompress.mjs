// Precompresses the built UI (issue 22 item 12): next to each text asset of web/dist over 1 KB,
// a .br (brotli, best) and a .gz (gzip -9) that `zeren serve` sends to browsers that take them
// (src/http/static.c). Done once at build time, so the server compresses nothing per request.
//
//   node scripts/precompress.mjs web/dist
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs'
import path from 'node:path'

const root = process.argv[2] || 'web/dist'
const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/
let before = 0
let brTotal = 0
let gzTotal = 0

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) walk(p)
    else if (/\.(br|gz)$/.test(name)) unlinkSync(p) // a sibling of an earlier build
    else if (TEXT.test(name) && st.size > 1024) {
      const data = readFileSync(p)
      const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
      const gz = gzipSync(data, { level: 9 })
      // A sibling only when it is smaller: the server then always sends the smallest it has.
      if (br.length < data.length) writeFileSync(`${p}.br`, br)
      if (gz.length < data.length) writeFileSync(`${p}.gz`, gz)
      before += data.length
      brTotal += Math.min(br.length, data.length)
      gzTotal += Math.min(gz.length, data.length)
    }
  }
}

walk(root)
const kb = (n) => `${(n / 1024).toFixed(0)} KB`
console.log(`precompressed ${root}: ${kb(before)} → brotli ${kb(brTotal)}, gzip ${kb(gzTotal)}`)
