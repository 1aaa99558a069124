// End-to-end journeys through the browser UI against a real `zeren serve` with the demo unit.
// Builds a fresh data directory, starts the server on a free port, drives Debian's chromium
// (playwright-core; no browser download), and prints TAP. Each journey runs in its own
// browser context and fails on any console error, any page error, or any API reply of 400 or
// more that the journey did not say it expects (the 422 of a rule-breaking appointment, the
// 403 of another department). Screenshots of the main pages go to docs/screenshots/.
//
//   ZEREN=./zeren node tests/e2e/run.mjs [journey ...]
import { chromium } from 'playwright-core'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { journeys } from './journeys.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')
const ZEREN = process.env.ZEREN || path.join(root, 'zeren')
const WEB = process.env.ZEREN_WEB || path.join(root, 'web/dist')
const SHOTS = process.env.ZEREN_SHOTS || path.join(root, 'docs/screenshots')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const only = process.argv.slice(2)

function log(...a) {
  process.stdout.write(a.join(' ') + '\n')
}

// `zeren demo` prints the one-time passwords of the platform accounts it creates.
function demoData(dir) {
  const out = execFileSync(ZEREN, ['--data', dir, 'demo'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const otp = {}
  for (const line of out.split('\n')) {
    const m = /\b(sysadmin|secadmin|auditor)\b\D*?([A-Za-z0-9_\-+/=!@#$%^&*]{16})\s*$/.exec(line)
    if (m) otp[m[1]] = m[2]
  }
  return { out, otp }
}

function startServer(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn(ZEREN, ['--data', dir, 'serve', '--listen', '127.0.0.1:0', '--threads', '4', '--web', WEB], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let buf = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`zeren serve did not start: ${buf}${err}`)), 15000)
    p.stdout.on('data', (d) => {
      buf += d
      const m = /listening on (http:\/\/\S+?)\/?\s/.exec(buf)
      if (m) {
        clearTimeout(timer)
        resolve({ proc: p, base: m[1].replace(/\/$/, '') })
      }
    })
    p.stderr.on('data', (d) => {
      err += d
    })
    p.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`zeren serve exited with ${code}: ${buf}${err}`))
    })
  })
}

// What a journey may see go wrong: API replies it announced with expect(status, urlPart).
// Chromium logs every 4xx reply as a console error ("Failed to load resource"); those are
// matched, at the end, against the announced replies with that status.
function guard(page) {
  const problems = []
  const expected = []
  const netLogged = []
  const allowed = {}
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const net = /Failed to load resource: the server responded with a status of (\d+)/.exec(m.text())
    if (net) netLogged.push(Number(net[1]))
    else problems.push(`console error: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() < 400) return
    const url = r.url()
    const i = expected.findIndex((e) => e.status === r.status() && url.includes(e.url))
    if (i >= 0) {
      expected.splice(i, 1)
      allowed[r.status()] = (allowed[r.status()] || 0) + 1
    } else problems.push(`unexpected HTTP ${r.status()} ${r.request().method()} ${url}`)
  })
  return {
    expect(status, url) {
      expected.push({ status, url })
    },
    finish() {
      const out = [...problems]
      for (const st of netLogged) {
        if (allowed[st] > 0) allowed[st]--
        else if (!out.some((p) => p.startsWith(`unexpected HTTP ${st}`))) out.push(`console error: HTTP ${st}`)
      }
      if (expected.length) out.push(`expected replies that never came: ${JSON.stringify(expected)}`)
      return out
    }
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'zeren-e2e-'))
  let server = null
  let browser = null
  let failed = 0
  try {
    const demo = demoData(dir)
    server = await startServer(dir)
    mkdirSync(SHOTS, { recursive: true })
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--font-render-hinting=none'] })
    const list = journeys.filter((j) => !only.length || only.includes(j.name))
    log(`TAP version 13`)
    log(`1..${list.length}`)
    log(`# server ${server.base}, data ${dir}, chromium ${browser.version()}`)
    const ctx = { base: server.base, otp: demo.otp, shots: SHOTS, passwords: {} }
    let n = 0
    for (const j of list) {
      n++
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true })
      const page = await context.newPage()
      page.setDefaultTimeout(15000)
      const g = guard(page)
      const t0 = Date.now()
      let error = null
      try {
        await j.run({ ...ctx, page, context, expect: g.expect })
        await page.waitForTimeout(300)
        const problems = g.finish()
        if (problems.length) error = new Error(problems.join('\n'))
      } catch (e) {
        error = e
        const problems = g.finish().filter((p) => !p.startsWith('expected replies'))
        if (problems.length) error.message += `\n${problems.join('\n')}`
        await page.screenshot({ path: path.join(tmpdir(), `zeren-e2e-fail-${j.name}.png`) }).catch(() => {})
      }
      const ms = Date.now() - t0
      if (error) {
        failed++
        log(`not ok ${n} - ${j.name}: ${j.title} (${ms} ms)`)
        for (const line of String(error.stack || error.message).split('\n').slice(0, 12)) log(`  # ${line}`)
        log(`  # screenshot of the failure: ${path.join(tmpdir(), `zeren-e2e-fail-${j.name}.png`)}`)
      } else log(`ok ${n} - ${j.name}: ${j.title} (${ms} ms)`)
      await context.close()
    }
  } finally {
    if (browser) await browser.close()
    if (server) {
      server.proc.kill('SIGTERM')
      await new Promise((r) => server.proc.once('exit', r))
    }
    if (!process.env.ZEREN_KEEP) rmSync(dir, { recursive: true, force: true })
  }
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  log(`Bail out! ${e.stack || e.message}`)
  process.exit(1)
})
