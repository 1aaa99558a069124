// The main journeys of the issue, each as a newcomer would do it in the browser.
import path from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import writeXlsxFile from 'write-excel-file/node'

const DEMO_PASSWORD = 'Zeren-Demo-2026'
const NEW_PASSWORD = 'Zeren-E2e-Neu-7781!'

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`)
}

// Waits until the page has had no request in flight for 300 ms and shows no loading mask.
// (waitForLoadState is no help in a single-page app: its load event fired long ago.)
const inflight = new WeakMap()
function track(page) {
  if (inflight.has(page)) return
  const st = { n: 0, last: Date.now() }
  inflight.set(page, st)
  page.on('request', () => {
    st.n++
    st.last = Date.now()
  })
  const done = () => {
    st.n = Math.max(0, st.n - 1)
    st.last = Date.now()
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
}

async function settle(page) {
  track(page)
  const st = inflight.get(page)
  const t0 = Date.now()
  await page.waitForTimeout(150)
  while (st.n > 0 || Date.now() - st.last < 300) {
    if (Date.now() - t0 > 15000) throw new Error(`page did not settle: ${st.n} requests in flight`)
    await page.waitForTimeout(50)
  }
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((m) => m.offsetParent !== null), null, { timeout: 15000 })
}

async function login(page, base, username, password) {
  track(page)
  await page.goto(`${base}/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await settle(page)
}

async function logout(page) {
  await page.locator('[data-test=user-menu]').hover()
  await page.locator('[data-test=logout]:visible').click()
  await page.waitForURL((u) => u.pathname.startsWith('/login'))
}

async function changePassword(page, oldPw, newPw) {
  await page.waitForURL((u) => u.pathname === '/password')
  await page.locator('[data-test=pw-forced]').waitFor()
  await page.locator('input[name=old_password]').fill(oldPw)
  await page.locator('input[name=new_password]').fill(newPw)
  await page.locator('input[name=confirm_password]').fill(newPw)
  await page.locator('[data-test=pw-submit]').click()
  await page.waitForURL((u) => u.pathname !== '/password')
  await settle(page)
}

async function nav(page, menu) {
  await page.locator(`[data-menu=${menu}]`).click()
  await settle(page)
}

// Picks an option of an Element Plus select: opens it, types to filter when it can, clicks.
async function pick(page, select, text) {
  await select.click()
  const input = select.locator('input')
  if (await input.count()) await input.first().pressSequentially(text, { delay: 20 }).catch(() => {})
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// A page at both sizes the issue names, kept at both; it must not need a horizontal scrollbar
// at either.
async function shot(page, name) {
  for (const [w, h] of [[1920, 1080], [1366, 768]]) {
    await page.setViewportSize({ width: w, height: h })
    await page.waitForTimeout(400) // charts resize on the next frame
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `${name} at ${w}×${h} overflows horizontally by ${overflow}px`)
    await page.screenshot({ path: path.join(shot.dir, `${name}-${w}x${h}.png`) })
  }
}

// An input Element Plus renders for a component given data-test (on the input or around it).
function field(page, test) {
  return page.locator(`input[data-test=${test}], [data-test=${test}] input`).first()
}

// The rows of a table once it has some (or after 10 s, when it has none).
async function rows(page, test) {
  const sel = page.locator(`[data-test=${test}] .el-table__body-wrapper tbody tr`)
  await sel.first().waitFor({ timeout: 10000 }).catch(() => {})
  return sel.count()
}

// A unit's own zeren in a data directory of its own, holding just that unit (federated
// supervision): a function running `zeren --data DIR/data ARGS…`, its directory as .dir.
const ZEREN_BIN = process.env.ZEREN || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../zeren')
function ownZeren(org, name, kind) {
  const dir = mkdtempSync(path.join(tmpdir(), `zeren-e2e-${org}-`))
  const z = (...args) => execFileSync(ZEREN_BIN, ['--data', path.join(dir, 'data'), ...args], { encoding: 'utf8' })
  writeFileSync(path.join(dir, 'unit.json'), JSON.stringify({ format: 'zeren/v1', organizations: [{ id: org, name, kind }] }))
  z('import', path.join(dir, 'unit.json'))
  z.dir = dir
  return z
}

// A copy of a signed package with one byte of its body changed.
function tampered(file, dir) {
  const b = readFileSync(file)
  const i = b.indexOf('"name": "') + 9
  b[i] ^= 1
  const out = path.join(dir, 'tampered.pkg')
  writeFileSync(out, b)
  return out
}

// Opens a register's Excel import from its page and downloads its template (a workbook).
async function openImport(page, menu, button, dialog) {
  await nav(page, menu)
  await page.locator(`[data-test=${button}]`).click()
  const dlg = page.locator(`[data-test=${dialog}]`)
  await dlg.waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), dlg.locator('[data-test=import-template]').click()])
  assert(/\.xlsx$/.test(download.suggestedFilename()), `the template is a workbook: ${download.suggestedFilename()}`)
  return dlg
}

// Chooses file in an import dialog and waits for its preview: [the summary, the rows], as text.
async function previewImport(page, dlg, file) {
  await dlg.locator('input[type=file]').setInputFiles(file)
  const summary = dlg.locator('[data-test=import-summary]')
  await summary.waitFor()
  await settle(page)
  return [await summary.innerText(), await dlg.locator('[data-test=import-results] tbody').innerText()]
}

// Confirms an import's preview, waits for its n rows written and closes the dialog.
async function confirmImport(page, dlg, n) {
  await dlg.locator('[data-test=import-confirm]').click()
  await dlg.locator('[data-test=import-summary]', { hasText: `导入完成：成功 ${n} 行` }).waitFor()
  await page.keyboard.press('Escape')
  await settle(page)
}

// A workbook of text cells to upload: the header, then the rows (short ones padded).
async function sheetFile(name, header, rowsIn) {
  const file = path.join(tmpdir(), name)
  await writeXlsxFile([header, ...rowsIn].map((r) => header.map((_, i) => ({ value: r[i] ?? '', type: String })))).toFile(file)
  return file
}

export const journeys = [
  {
    name: 'login',
    title: 'office signs in and sees the dashboard with real findings; every main page renders',
    async run({ page, base, shots }) {
      shot.dir = shots
      await page.goto(base)
      await page.waitForURL((u) => u.pathname === '/login')
      await shot(page, 'login')
      const t0 = Date.now()
      await login(page, base, 'office', DEMO_PASSWORD)
      assert(new URL(page.url()).pathname === '/dashboard', `landed on ${page.url()}`)
      const errors = Number(await page.locator('[data-test=stat-error] .stat-num').innerText())
      assert(errors > 0, 'the demo unit has error findings on the dashboard')
      assert(await page.locator('.chart canvas').count() >= 3, 'dashboard charts drawn')
      assert((await rows(page, 'open-notices')) > 0, 'the demo notice is open')
      console.log(`# dashboard with ${errors} errors shown ${Date.now() - t0} ms after sign-in started`)
      await shot(page, 'dashboard')

      await nav(page, 'findings')
      assert((await rows(page, 'findings-table')) > 0, 'findings listed')
      await page.locator('[data-test=citation]').first().hover()
      await page.locator('.el-popover:visible').first().waitFor()
      await shot(page, 'findings')
      // As of an earlier date the findings differ (time is first-class).
      const before = await page.locator('.summary').innerText()
      await field(page, 'as-of').fill('2024-01-01')
      await page.keyboard.press('Enter')
      // Issue 22 item 4: the new date takes effect without 搜索, the header says it, and it is in
      // the URL, so a reload keeps it.
      await settle(page)
      const after = await page.locator('.summary').innerText()
      assert(after !== before && after.includes('2024-01-01'), `as-of date changes the findings at once: ${after}`)
      assert(new URL(page.url()).searchParams.get('as_of') === '2024-01-01', `as_of in the URL: ${page.url()}`)
      await page.reload()
      await settle(page)
      assert((await page.locator('.summary').innerText()).includes('2024-01-01'), 'the date survives a reload')
      assert((await field(page, 'as-of').inputValue()) === '2024-01-01', 'the picker shows it after a reload')

      for (const m of ['org', 'people', 'systems', 'agreements', 'handovers', 'vulnerabilities', 'plans', 'logSources', 'trainings', 'projects', 'obligations', 'incidents', 'notices', 'data']) {
        await nav(page, m)
        await shot(page, m)
      }
      await nav(page, 'org')
      await page.locator('.el-tabs__item', { hasText: '部门' }).click()
      await settle(page)
      await shot(page, 'org-departments')
      await page.locator('.el-tabs__item', { hasText: '岗位与职责' }).click()
      await page.locator('.el-collapse-item__header').first().click()
      await page.waitForTimeout(400)
      await shot(page, 'org-posts')

      // English is one click away.
      await nav(page, 'dashboard')
      await page.locator('[data-test=lang]').hover()
      await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
      await page.locator('[data-menu=dashboard]', { hasText: 'Dashboard' }).waitFor()
      await shot(page, 'dashboard-en')
    }
  },
  {
    name: 'handover',
    title: 'office finds the overdue handover of someone who left a key post, completes its checklist, and the register shows it complete',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'handovers')
      assert((await rows(page, 'handovers-table')) >= 4, 'the demo handovers are listed')
      const row = page.locator('[data-test=handovers-table] .el-table__body-wrapper tbody tr', { hasText: '吴越' })
      await row.locator('.el-tag', { hasText: '逾期未完成' }).waitFor()
      assert((await row.innerText()).includes('资料和数据交还'), 'what the handover lacks is shown')
      await shot(page, 'handovers')
      await row.getByRole('button', { name: '修改' }).click()
      const dlg = page.locator('[data-test=handover-dialog]')
      await dlg.waitFor()
      await pick(page, dlg.locator('[data-test=handover-successor]'), '郑浩')
      // Done today (the browser's day is never after the server's, which keeps Beijing time).
      const today = new Date().toISOString().slice(0, 10)
      for (const k of ['materials_returned_on', 'passwords_changed_on', 'completed_on']) {
        await field(page, `handover-${k}`).fill(today)
        await page.keyboard.press('Enter')
      }
      await dlg.locator('[data-test=handover-save]').click()
      await dlg.waitFor({ state: 'hidden' })
      await settle(page)
      await row.locator('.el-tag', { hasText: '已完成' }).waitFor()
      assert((await row.innerText()).includes('郑浩'), 'the successor is named')
      // The Excel template comes back in as rows checked before anything is written: a row
      // naming a person the unit does not have is refused in the preview, in Chinese.
      await page.locator('[data-test=handover-import]').click()
      const imp = page.locator('[data-test=import-handovers]')
      await imp.waitFor()
      const [dl] = await Promise.all([page.waitForEvent('download'), imp.locator('[data-test=import-template]').click()])
      assert(dl.suggestedFilename().endsWith('.xlsx'), `template ${dl.suggestedFilename()}`)
      const file = await sheetFile(`zeren-e2e-${process.pid}-handovers.xlsx`, ['编号', '离岗人员', '岗位', '离岗日期'], [['jj-2026-01', '张三', 'network_admin', '2026-11-09']])
      await imp.locator('input[type=file]').setInputFiles(file)
      await imp.locator('[data-test=import-results]').waitFor()
      await settle(page)
      const result = await imp.locator('[data-test=import-results]').innerText()
      assert(result.includes('jj-2026-01') && result.includes('本单位没有人员「张三」'), `the row's error names the person: ${result}`)
      assert((await imp.locator('[data-test=import-confirm]').isDisabled()), 'nothing to import')
    }
  },
  {
    name: 'training',
    title: 'office records who attended a training session and fixes a log kept too briefly; both registers show it',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'trainings')
      assert((await rows(page, 'trainings-table')) >= 4, 'the demo sessions are listed')
      const row = page.locator('[data-test=trainings-table] .el-table__body-wrapper tbody tr', { hasText: '宣传周' })
      assert(!(await row.innerText()).includes('姜涛'), '姜涛 missed the lecture')
      await row.getByRole('button', { name: '修改' }).click()
      const dlg = page.locator('[data-test=training-dialog]')
      await dlg.waitFor()
      await dlg.locator('[data-test=training-attendee-add]').click()
      await pick(page, dlg.locator('.attendee .el-select').last(), '姜涛')
      await shot(page, 'training-dialog')
      await dlg.locator('[data-test=training-save]').click()
      await dlg.waitFor({ state: 'hidden' })
      await settle(page)
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=trainings-table] tbody tr')]
        .some((r) => r.innerText.includes('宣传周') && r.innerText.includes('姜涛')))
      // each person's 学时 on a fixed day (the URL names it, not today): the lecture's 4 学时 count for 姜涛, 6 of 8
      await page.goto(`${base}/trainings?tab=hours&as_of=2026-11-21`)
      await settle(page)
      const jiang = page.locator('[data-test=training-hours-table] .el-table__body-wrapper tbody tr', { hasText: '姜涛' })
      await jiang.locator('.el-tag', { hasText: '学时不足' }).waitFor()
      assert((await jiang.locator('td').nth(3).innerText()).trim() === '6', '2 + 4 学时')
      assert((await rows(page, 'training-hours-table')) >= 10, 'the key-post holders are listed')
      await shot(page, 'training-hours')

      await nav(page, 'logSources')
      const mail = page.locator('[data-test=logsrc-table] .el-table__body-wrapper tbody tr', { hasText: 'ls-mail' })
      await mail.locator('.el-tag', { hasText: '留存不足' }).waitFor()
      await mail.getByRole('button', { name: '修改' }).click()
      const ld = page.locator('[data-test=logsrc-dialog]')
      await ld.waitFor()
      await field(page, 'logsrc-days').fill('180')
      await ld.locator('[data-test=logsrc-save]').click()
      await ld.waitFor({ state: 'hidden' })
      await settle(page)
      await mail.locator('.el-tag', { hasText: '符合要求' }).waitFor()
    }
  },
  {
    name: 'projects',
    title: 'office reads the IT projects with their security share, and records a review of an emergency plan that shows in its history',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'projects')
      assert((await rows(page, 'projects-table')) >= 4, 'the demo projects are listed')
      const row = page.locator('[data-test=projects-table] .el-table__body-wrapper tbody tr', { hasText: '智慧教室' })
      await row.locator('.el-tag', { hasText: '2.0%' }).waitFor()
      assert((await row.innerText()).includes('建设中'), 'its status is shown')
      await shot(page, 'projects')
      // a system names the project that built it, picked from the unit's projects
      await nav(page, 'systems')
      const ykt = page.locator('[data-test=systems-table] .el-table__body-wrapper tbody tr', { hasText: '校园一卡通系统' }).first()
      assert(!(await ykt.innerText()).includes('升级改造项目'), 'no project recorded yet')
      await ykt.getByRole('button', { name: '修改' }).click()
      const sd = page.locator('.el-dialog:visible')
      await sd.waitFor()
      await pick(page, sd.locator('[data-test=system-project]'), '校园一卡通系统升级改造项目')
      await sd.getByRole('button', { name: '保存' }).click()
      await sd.waitFor({ state: 'hidden' })
      await settle(page)
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=systems-table] tbody tr')]
        .some((r) => r.innerText.includes('校园一卡通系统') && r.innerText.includes('校园一卡通系统升级改造项目')))
      await nav(page, 'plans')
      const plan = page.locator('[data-test=plans-table] .el-table__body-wrapper tbody tr', { hasText: '网页篡改' })
      assert((await plan.innerText()).includes('更新应急联系人'), 'the last review is in the history')
      await plan.getByRole('button', { name: '修改' }).click()
      const dlg = page.locator('[data-test=plan-dialog]')
      await dlg.waitFor()
      const reviews = dlg.locator('[data-test=plan-reviews]')
      await reviews.getByRole('button', { name: '添加评审' }).click()
      const today = new Date().toISOString().slice(0, 10)
      const last = reviews.locator('input[aria-label=评审日期]').last()
      await last.fill(today)
      await page.keyboard.press('Enter')
      await reviews.locator('input[placeholder=评审结论]').last().fill('修订处置流程')
      await dlg.locator('[data-test=plan-save]').click()
      await dlg.waitFor({ state: 'hidden' })
      await settle(page)
      assert((await plan.innerText()).includes(today + '：修订处置流程') || (await plan.innerText()).includes('修订处置流程'), 'the new review is listed')
      await plan.locator('.el-tag', { hasText: '在用' }).waitFor()
    }
  },
  {
    name: 'password',
    title: 'sysadmin must change the one-time password before anything else',
    async run({ page, base, otp, passwords }) {
      assert(otp.sysadmin, 'zeren demo printed the sysadmin one-time password')
      await login(page, base, 'sysadmin', otp.sysadmin)
      await page.waitForURL((u) => u.pathname === '/password')
      // Nothing else opens until it is changed.
      await page.goto(`${base}/admin/accounts`)
      await page.waitForURL((u) => u.pathname === '/password')
      await changePassword(page, otp.sysadmin, NEW_PASSWORD)
      passwords.sysadmin = NEW_PASSWORD
      assert(new URL(page.url()).pathname === '/admin/home', `sysadmin lands on their 工作台, not ${page.url()}`)
      await page.locator('[data-test=home-sysadmin]').waitFor()
      await nav(page, 'accounts')
      // Platform roles see only their menus.
      const menus = await page.locator('[data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu))
      assert(!menus.includes('dashboard') && menus.includes('accounts'), `sysadmin menus: ${menus}`)
      assert((await rows(page, 'accounts-table')) >= 3, 'accounts listed')
      await shot(page, 'accounts')
      await logout(page)
      await login(page, base, 'sysadmin', NEW_PASSWORD)
      assert(new URL(page.url()).pathname === '/admin/home', 'the new password works')
    }
  },
  {
    name: 'appoint',
    title: 'office appoints someone; the rule it would break is shown with its clause and needs acknowledgement',
    async run({ page, base, expect }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'people')
      await page.locator('[data-test=appoint]').click()
      const dlg = page.locator('[data-test=appoint-dialog]')
      await dlg.waitFor()
      await settle(page)
      await pick(page, dlg.locator('[data-test=appoint-person]'), '孙倩')
      await pick(page, dlg.locator('[data-test=appoint-post]'), '网络管理员')
      // Issue 22 item 13: asking what it would break is no error — no 422, nothing in the console.
      await dlg.locator('[data-test=appoint-save]').click()
      const warn = dlg.locator('[data-test=would-break]')
      await warn.waitFor()
      const text = await warn.innerText()
      // The rule by its title, not its id (issue 22 item 3); the id stays on hover.
      assert(text.includes('安全管理员不得兼任网络管理员'), `the separation-of-duties rule is named by its title: ${text}`)
      assert(!text.includes('sod.security_admin'), `no rule id in the warning: ${text}`)
      assert((await dlg.locator('[data-test=would-break-rule]').first().getAttribute('title')) === 'sod.security_admin', 'the id on hover')
      assert((await dlg.locator('[data-test=clause-text]').count()) > 0, 'the clause is shown')
      await shot(page, 'appoint-warning')
      const save = dlg.locator('[data-test=appoint-save-anyway]')
      assert(await save.isDisabled(), 'saving needs the acknowledgement first')
      await dlg.locator('[data-test=acknowledge]').click()
      await save.click()
      await page.locator('.el-message', { hasText: '任命已保存' }).waitFor()
      // The new appointment is on her timeline.
      await field(page, 'people-q').fill('孙倩')
      await page.getByRole('button', { name: '搜索' }).click()
      await settle(page)
      await page.locator('[data-test=people-table] .el-link', { hasText: '孙倩' }).first().click()
      const drawer = page.locator('[data-test=person-drawer]')
      await drawer.locator('.el-timeline-item', { hasText: '网络管理员' }).waitFor()
      await page.waitForTimeout(400)
      await shot(page, 'appointments-timeline')
    }
  },
  {
    name: 'correct',
    title: 'office corrects a same-day appointment: ended with the default date, or recorded wrongly (撤销), never refused; the dialog speaks the chosen language',
    async run({ page, base, expect, shots }) {
      shot.dir = shots
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'people')
      // Appoint 邱敏 as 网络管理员 today (it breaks a rule: acknowledged).
      async function appoint() {
        await page.locator('[data-test=appoint]').click()
        const dlg = page.locator('[data-test=appoint-dialog]')
        await dlg.waitFor()
        await settle(page)
        await pick(page, dlg.locator('[data-test=appoint-person]'), '邱敏')
        await pick(page, dlg.locator('[data-test=appoint-post]'), '网络管理员')
        // the dialog asks first (?check=true, a 200 that writes nothing), so no refusal is sent
        await dlg.locator('[data-test=appoint-save]').click()
        await dlg.locator('[data-test=would-break]').waitFor()
        await dlg.locator('[data-test=acknowledge]').click()
        await dlg.locator('[data-test=appoint-save-anyway]').click()
        await page.locator('.el-message', { hasText: '任命已保存' }).last().waitFor()
        await settle(page)
      }
      async function openTimeline(name) {
        await field(page, 'people-q').fill(name)
        await page.getByRole('button', { name: /搜索|Search/ }).click()
        await settle(page)
        await page.locator('[data-test=people-table] .el-link', { hasText: name }).first().click()
        const drawer = page.locator('[data-test=person-drawer]')
        await drawer.waitFor()
        await settle(page)
        return drawer
      }
      const item = (drawer, post) => drawer.locator('.el-timeline-item', { hasText: post })

      // 1. Recorded wrongly: the correction withdraws it.
      await appoint()
      let drawer = await openTimeline('邱敏')
      await item(drawer, '网络管理员').locator('[data-test=end-appt]').click()
      const dlg = page.locator('[data-test=end-dialog]')
      await dlg.waitFor()
      await dlg.locator('[data-test=end-mode-correct]').click()
      await field(page, 'correct-reason').fill('任命对象填错')
      await shot(page, 'correct-dialog')
      await dlg.locator('[data-test=end-confirm]').click()
      await page.locator('.el-message', { hasText: '已更正：任职已撤销' }).waitFor()
      await settle(page)
      assert((await item(drawer, '网络管理员').count()) === 0, 'the withdrawn appointment is off her timeline')
      await page.keyboard.press('Escape')

      // 2. The same mistake ended with the dialog's default date (today, the day it started):
      //    a correction, not a refusal.
      await appoint()
      drawer = await openTimeline('邱敏')
      await item(drawer, '网络管理员').locator('[data-test=end-appt]').click()
      await dlg.waitFor()
      await dlg.locator('[data-test=end-same-day]').waitFor()
      await dlg.locator('[data-test=end-confirm]').click()
      await page.locator('.el-message', { hasText: '已更正：任职已撤销' }).waitFor()
      await settle(page)
      assert((await item(drawer, '网络管理员').count()) === 0, 'ended on its first day, it is withdrawn')
      await page.keyboard.press('Escape')

      // 3. In English, a refusal is the dialog's own sentence: an end before the start.
      await page.locator('[data-test=lang]').hover()
      await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
      await page.locator('[data-menu=people]', { hasText: 'People' }).waitFor()
      drawer = await openTimeline('赵磊')
      await item(drawer, 'Security administrator').or(item(drawer, '安全管理员')).first().locator('[data-test=end-appt]').click()
      await dlg.waitFor()
      const text = await dlg.innerText()
      assert(text.includes('recorded wrongly') && !text.includes('登记有误'), `the choices are in English: ${text}`)
      await dlg.locator('.el-date-editor input').fill('2020-01-01')
      await page.keyboard.press('Enter')
      expect(422, '/end')
      await dlg.locator('[data-test=end-confirm]').click()
      const err = await dlg.locator('[data-test=end-error]').innerText()
      assert(/The end cannot be before the appointment started, on \d{4}-\d\d-\d\d\./.test(err), `the refusal in English: ${err}`)
      assert(!/\$\.to|must be after/.test(err), `not the server's raw text: ${err}`)
      await dlg.getByRole('button', { name: 'Cancel' }).click()
    }
  },
  {
    name: 'obligation',
    title: 'office records a recurring duty done with an evidence file',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'obligations')
      const table = page.locator('[data-test=obligations-table]')
      const before = await rows(page, 'obligations-table')
      assert(before > 0, 'duties listed')
      const btn = table.locator('[data-test=record-done]').first()
      await btn.click()
      const dlg = page.locator('[data-test=record-dialog]')
      await dlg.waitFor()
      const file = path.join(tmpdir(), '会议纪要-e2e.txt')
      writeFileSync(file, '网络安全工作会议纪要（e2e）\n')
      await dlg.locator('input[type=file]').setInputFiles(file)
      await dlg.locator('.file', { hasText: '会议纪要-e2e.txt' }).waitFor()
      await shot(page, 'obligation-record')
      await dlg.locator('[data-test=record-save]').click()
      await page.locator('.el-message', { hasText: '已登记完成' }).waitFor()
      await settle(page)
      await page.locator('.el-tabs__item', { hasText: '日历' }).click()
      await page.waitForTimeout(300)
      await shot(page, 'obligations-calendar')
    }
  },
  {
    name: 'notice',
    title: 'office records a superior\'s notice and sees its working-day deadline',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'notices')
      await page.locator('[data-test=add-notice]').click()
      const dlg = page.locator('[data-test=notice-dialog]')
      await dlg.waitFor()
      await dlg.locator('input[name=notice-id]').fill('tb-e2e-1')
      await dlg.locator('input[name=notice-issuer]').fill('西岭市委网信办')
      await dlg.locator('input[name=notice-docno]').fill('西网信通〔2026〕99号')
      await dlg.locator('input[name=notice-title]').fill('关于教务系统弱口令问题的通报')
      await pick(page, dlg.locator('[data-test=notice-systems]'), '教务')
      await dlg.locator('.el-dialog__title').click() // closes the multiple select's dropdown
      await dlg.locator('[data-test=deadline-preview]').waitFor()
      const preview = await dlg.locator('[data-test=deadline-preview]').innerText()
      await dlg.locator('[data-test=notice-save]').click()
      await page.locator('.el-message', { hasText: '已保存' }).waitFor()
      await settle(page)
      const row = page.locator('[data-test=notices-table] tbody tr', { hasText: 'tb-e2e-1' })
      await row.waitFor()
      const rowText = await row.innerText()
      const deadline = /\d{4}-\d{2}-\d{2}/.exec(preview)[0]
      assert(rowText.includes(deadline), `row shows the deadline ${deadline}: ${rowText}`)
      assert(/个工作日|今日到期/.test(rowText), `row shows a working-day countdown: ${rowText}`)
      // The deadline is the server's working-day arithmetic on the official calendar.
      const r = await page.evaluate(async (d) => (await fetch(`/api/v1/workday/add?date=${d}&n=3`)).json(), /\d{4}-\d{2}-\d{2}/.exec(rowText)[0])
      assert(JSON.stringify(r).includes(deadline), `workday/add agrees: ${JSON.stringify(r)}`)
      await shot(page, 'notices-countdown')
    }
  },
  {
    name: 'accountability',
    title: 'the accountability chain of an incident, as it stood when the incident occurred',
    async run({ page, base }) {
      await login(page, base, 'leader', DEMO_PASSWORD)
      await nav(page, 'incidents')
      assert((await page.locator('[data-test=add-incident]').count()) === 0, 'a leader reads but does not record')
      await page.locator('[data-test=incidents-table] tbody tr', { hasText: 'OA' }).locator('[data-test=chain-btn]').click()
      const drawer = page.locator('[data-test=chain-drawer]')
      await drawer.locator('[data-test=chain] .el-step').first().waitFor()
      const steps = await drawer.locator('[data-test=chain] .el-step').count()
      assert(steps >= 2, `a chain of people: ${steps}`)
      const text = await drawer.innerText()
      assert(text.includes('第一责任人'), 'the chain reaches the 第一责任人')
      // Issue 22 item 3: the reasons the clauses apply in the chosen language only.
      assert(text.includes('逐级倒查') && !/every incident/.test(text), `the clauses' reasons in Chinese only: ${text.slice(0, 300)}`)
      await page.waitForTimeout(400)
      await shot(page, 'accountability')
    }
  },
  {
    name: 'auditor',
    title: 'auditor changes the one-time password, reads the audit log, sees the chain intact',
    async run({ page, base, otp, passwords }) {
      assert(otp.auditor, 'zeren demo printed the auditor one-time password')
      await login(page, base, 'auditor', otp.auditor)
      await changePassword(page, otp.auditor, NEW_PASSWORD)
      passwords.auditor = NEW_PASSWORD
      assert(new URL(page.url()).pathname === '/admin/home', `auditor lands on their 工作台, not ${page.url()}`)
      await page.locator('[data-test=home-auditor]').waitFor()
      await nav(page, 'audit')
      await page.locator('[data-test=audit-verify]', { hasText: '审计链完整' }).waitFor()
      assert((await rows(page, 'audit-table')) > 0, 'audit entries listed')
      const log = await page.locator('[data-test=audit-table]').innerText()
      assert(log.includes('office'), 'earlier journeys (office) are in the log')
      await shot(page, 'audit')
      await nav(page, 'logins')
      assert((await rows(page, 'audit-table')) > 0, 'login entries listed')
      const logins = await page.locator('[data-test=audit-table] tbody').innerText()
      assert(/登录/.test(logins) && !/session\./.test(logins), `sign-ins in words, not action codes: ${logins.slice(0, 200)}`)
      // Issue 22 item 3: the operations log says what happened in words, its detail as labelled
      // pairs, not raw JSON.
      await nav(page, 'audit')
      const ops = await page.locator('[data-test=audit-table] tbody').innerText()
      assert(!/\b(person|session|appointment)\.[a-z_]+\b/.test(ops) && !/[{}]"/.test(ops), `no action codes or JSON in the log: ${ops.slice(0, 300)}`)
      await shot(page, 'audit-logins')
    }
  },
  {
    name: 'liaison',
    title: 'a department liaison sees their department and cannot open another',
    async run({ page, base, expect }) {
      await login(page, base, 'liaison.nic', DEMO_PASSWORD)
      const menus = await page.locator('[data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu))
      assert(!menus.includes('data') && !menus.includes('accounts'), `liaison menus: ${menus}`)
      await nav(page, 'people')
      assert((await rows(page, 'people-table')) > 0, 'people listed')
      const names = await page.locator('[data-test=people-table] tbody').innerText()
      assert(names.includes('网络信息中心') && !names.includes('财务处'), 'only the liaison\'s department is listed')
      // Another department in the tree is greyed and does not open.
      await page.locator('[data-test=dept-tree] .el-tree-node__content', { hasText: '财务处' }).click()
      await page.locator('.el-message--warning', { hasText: '不在您的数据权限内' }).waitFor()
      await shot(page, 'liaison-people')
      // Asked for by URL, another department's people are not there, and a person of it is
      // refused by the server with a message on screen.
      await page.goto(`${base}/people?department=finance`)
      await settle(page)
      await page.locator('[data-test=people-table] .el-table__empty-text').waitFor()
      expect(403, '/people/p-shenjia')
      await page.goto(`${base}/people?person=p-shenjia`)
      await page.locator('.el-message--error', { hasText: '不在您的数据权限内' }).waitFor()
    }
  },
  {
    name: 'approvals',
    title: 'a password reset takes two administrators: sysadmin asks, secadmin approves, the holder types both halves',
    async run({ page, base, otp, passwords, expect }) {
      assert(passwords.sysadmin, 'the password journey ran first (sysadmin has a password of its own)')
      assert(otp.secadmin, 'zeren demo printed the secadmin one-time password')
      const confirm = () => page.locator('.el-message-box__btns .el-button--primary').click()
      // sysadmin asks for a reset of staff's password and sees only the first half.
      await login(page, base, 'sysadmin', passwords.sysadmin)
      await nav(page, 'accounts')
      const staffRow = page.locator('[data-test=accounts-table] tbody tr').filter({ has: page.locator('td', { hasText: /^staff$/ }) })
      await staffRow.locator('[data-test=reset-password]').click()
      await confirm()
      const first = await field(page, 'otp').inputValue()
      assert(first.length > 0, 'the requester sees the first half')
      await page.keyboard.press('Escape')
      await logout(page)
      // The first half alone opens nothing.
      expect(401, '/api/v1/session')
      await page.goto(`${base}/login`)
      await page.locator('input[name=username]').fill('staff')
      await page.locator('input[name=password]').fill(first)
      await page.locator('[data-test=login-submit]').click()
      await page.locator('[data-test=login-error]').waitFor()
      // secadmin approves it and sees the second half, once.
      await login(page, base, 'secadmin', otp.secadmin)
      await changePassword(page, otp.secadmin, NEW_PASSWORD)
      passwords.secadmin = NEW_PASSWORD
      await nav(page, 'requests')
      const req = page.locator('[data-test=requests-table] tbody tr').filter({ hasText: 'staff' })
      await req.first().waitFor()
      await shot(page, 'requests')
      await req.locator('[data-test=approve]').click()
      await confirm()
      const second = await field(page, 'otp-part').inputValue()
      assert(second.length > 0, 'the approver sees the second half')
      await page.keyboard.press('Escape')
      await logout(page)
      // The holder types both halves and must choose a password of their own at once.
      await login(page, base, 'staff', first + second)
      await changePassword(page, first + second, NEW_PASSWORD)
      assert(!new URL(page.url()).pathname.startsWith('/login'), 'staff is signed in with a password of their own')
    }
  },
  {
    name: 'evaluation',
    title: 'office opens the 2025 evaluation, sees the ranking chart and a sheet with its lost points, scores a manual item and assigns another to a scorer, who sees and scores only that; a liaison sees only their sheet',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'evaluation')
      await page.locator('[data-test=evaluation-open]').click()
      const dlg = page.locator('[data-test=evaluation-open-dialog]')
      await dlg.waitFor()
      await field(page, 'evaluation-year').fill('2025')
      await dlg.locator('[data-test=evaluation-open-save]').click()
      await page.locator('[data-test=evaluation-chart] canvas').waitFor()
      assert((await rows(page, 'evaluation-ranking')) >= 12, 'a row per department and the unit')
      await shot(page, 'evaluation-ranking')
      await page.locator('[data-test=evaluation-ranking] tbody tr', { hasText: '教务处' }).click()
      await page.locator('[data-test=evaluation-sheet]').waitFor()
      await page.locator('[data-test=evaluation-sheet] tbody tr', { hasText: '确定本部门网络安全负责人' }).locator('.el-table__expand-icon').click()
      await page.locator('[data-test=evaluation-cause]', { hasText: '领导小组' }).first().waitFor()
      await page.locator('[data-test=evaluation-cause] [data-test=citation]').first().waitFor()
      await shot(page, 'evaluation-sheet')
      await page.locator('[data-test=evaluation-sheet] tbody tr', { hasText: '专题会议' }).locator('[data-test=evaluation-score]').click()
      const sd = page.locator('[data-test=evaluation-score-dialog]')
      await sd.waitFor()
      await field(page, 'evaluation-score-value').fill('8')
      await sd.locator('textarea').fill('会议纪要齐全（e2e）')
      await sd.locator('[data-test=evaluation-score-save]').click()
      await sd.waitFor({ state: 'hidden' })
      await settle(page)
      const row = await page.locator('[data-test=evaluation-sheet] tbody tr', { hasText: '专题会议' }).first().innerText()
      assert(row.includes('8 / 10'), `the manual score shows: ${row}`)
      // an automatic item's score follows from the records: changing it needs a reason
      await page.locator('[data-test=evaluation-sheet] tbody tr', { hasText: '确定本部门网络安全负责人' }).first().locator('[data-test=evaluation-score]').click()
      await sd.waitFor()
      assert((await sd.innerText()).includes('由系统按记录计算'), 'the dialog shows the score from the records')
      await sd.locator('[data-test=evaluation-score-save]').click()
      await sd.locator('.el-alert', { hasText: '须填写调整理由' }).waitFor()
      await sd.locator('textarea').fill('负责人已于年内补任（e2e）')
      await sd.locator('[data-test=evaluation-score-save]').click()
      await sd.waitFor({ state: 'hidden' })
      await settle(page)
      await page.locator('.el-tabs__item', { hasText: '评价指标' }).click()
      await page.locator('[data-test=evaluation-indicators] tbody tr').first().waitFor()
      await shot(page, 'evaluation-indicators')
      // the office assigns 网络信息中心's meeting item (a manual one) to the 财务处's liaison as scorer
      await page.locator('.el-tabs__item', { hasText: '排名' }).click()
      await page.locator('[data-test=evaluation-assign]').click()
      const ad = page.locator('[data-test=evaluation-assign-dialog]')
      await ad.waitFor()
      await field(page, 'evaluation-assign-scorer').fill('liaison.finance')
      await page.locator('[data-test=evaluation-assign-indicators]').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '专题会议' }).first().click()
      await page.keyboard.press('Escape')
      await page.locator('[data-test=evaluation-assign-departments]').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '网络信息中心' }).first().click()
      await page.keyboard.press('Escape')
      await ad.locator('[data-test=evaluation-assign-save]').click()
      await ad.waitFor({ state: 'hidden' })
      await page.locator('[data-test=evaluation-assignments] tbody tr', { hasText: 'liaison.finance' }).waitFor()
      await shot(page, 'evaluation-assignments')
      await logout(page)

      // the scorer sees only what it is assigned, and scores it
      await login(page, base, 'liaison.finance', DEMO_PASSWORD)
      await nav(page, 'evaluation')
      await page.locator('[data-test=evaluation-rounds] tbody tr').first().click()
      await page.locator('[data-test=evaluation-mine]').waitFor()
      const mine = await page.locator('[data-test=evaluation-mine] tbody').innerText()
      assert(mine.includes('网络信息中心') && mine.includes('专题会议') && !mine.includes('宣传教育'), `only the assigned item: ${mine}`)
      await page.locator('[data-test=evaluation-mine] tbody tr', { hasText: '网络信息中心' }).locator('[data-test=evaluation-mine-score]').click()
      const md = page.locator('[data-test=evaluation-score-dialog]')
      await md.waitFor()
      await field(page, 'evaluation-score-value').fill('6')
      await md.locator('[data-test=evaluation-score-save]').click()
      await md.waitFor({ state: 'hidden' })
      await settle(page)
      const scored = await page.locator('[data-test=evaluation-mine] tbody').innerText()
      assert(scored.includes('6 / 10'), `the scorer's score shows: ${scored}`)
      await shot(page, 'evaluation-scorer')
      await logout(page)

      await login(page, base, 'liaison.nic', DEMO_PASSWORD)
      await nav(page, 'evaluation')
      await page.locator('[data-test=evaluation-rounds] tbody tr').first().click()
      await page.locator('[data-test=evaluation-sheet]').waitFor()
      const tabs = await page.locator('[data-test=evaluation-sheet]').innerText()
      assert(tabs.includes('确定本部门网络安全负责人'), 'the liaison sees their department\'s sheet')
      await page.locator('.el-tabs__item', { hasText: '排名' }).click()
      const ranking = await page.locator('[data-test=evaluation-ranking] tbody').innerText()
      assert(ranking.includes('网络信息中心') && !ranking.includes('财务处'), `only the liaison's own sheet: ${ranking}`)
    }
  },
  {
    name: 'sign',
    title: "office opens the year's campaign of responsibility letters, reads its own letter and signs it in the platform; the public verification page says so",
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'documents')
      await page.locator('[data-test=campaign-open]').click()
      await page.locator('.el-message', { hasText: '已生成 11 份文书' }).waitFor()
      await settle(page)
      assert((await rows(page, 'documents-table')) >= 11, 'one letter per department head')
      await shot(page, 'documents')
      // 周海涛, the office's own person, heads 网络信息中心: their letter is theirs to sign
      const mine = page.locator('[data-test=documents-table] .el-table__body-wrapper tbody tr', { hasText: '周海涛' }).first()
      const number = (await mine.locator('td').first().innerText()).trim()
      await mine.locator('[data-test=doc-sign]').click()
      await page.locator('[data-test=doc-frame]').waitFor()
      await field(page, 'sign-password').fill(DEMO_PASSWORD)
      await shot(page, 'document-sign')
      await page.locator('[data-test=sign-confirm]').click()
      await page.locator('.el-message', { hasText: '已签署' }).waitFor()
      await settle(page)
      const row = page.locator('[data-test=documents-table] .el-table__body-wrapper tbody tr', { hasText: number }).first()
      assert((await row.innerText()).includes('已签署'), 'the letter shows signed')
      await page.goto(`${base}/verify/${number}`)
      await page.locator('[data-test=verify-result]', { hasText: '已签署，签名有效' }).waitFor()
      await shot(page, 'verify')
    }
  },
  {
    name: 'locked',
    title: 'after five wrong passwords a name is locked from that address, and the page says so and until when',
    async run({ page, base, expect }) {
      // A name nobody has: names that exist and names that do not are locked alike.
      await page.goto(`${base}/login`)
      for (let i = 0; i < 6; i++) {
        expect(i < 5 ? 401 : 429, '/api/v1/session')
        await page.locator('input[name=username]').fill('nobody.e2e')
        await page.locator('input[name=password]').fill(`Wrong-Password-${i}!`)
        await page.locator('[data-test=login-submit]').click()
        await page.locator('[data-test=login-error]').waitFor()
        await settle(page)
      }
      const text = await page.locator('[data-test=login-error]').innerText()
      assert(/已暂时锁定，请于 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）后再试/.test(text), `the lock and its end are shown: ${text}`)
    }
  },
  {
    name: 'policy',
    title: 'the office changes the rectification deadline from 3 to 5 working days, citing its own clause; a leader approves it from a date; findings before and after follow it',
    async run({ page, base }) {
      // The demo notice tb-2026-17 is not rectified. Its deadlines under 3 and 5 working days,
      // counted by the server: the version takes force two days after the 3-day deadline, and
      // the notice, which came before, keeps its 3.
      await login(page, base, 'office', DEMO_PASSWORD)
      const api = async (p) => (await page.request.get(`${base}${p}`)).json()
      const received = (await api('/api/v1/units/demo/notices/tb-2026-17')).received_on
      const d3 = (await api(`/api/v1/workday/add?date=${received}&n=3`)).date
      const d5 = (await api(`/api/v1/workday/add?date=${received}&n=5`)).date
      const day = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10)
      const force = day(d3, 2)
      const before = day(d3, 1)
      const after = day(d5, 1)
      // A second notice comes on the day the version takes force (recorded through the API: the
      // notice journey drives its dialog); it is judged by the unit's 5 working days.
      const own5 = (await api(`/api/v1/workday/add?date=${force}&n=5`)).date
      const r = await page.request.post(`${base}/api/v1/units/demo/notices`, {
        headers: { 'X-CSRF-Token': (await api('/api/v1/session')).csrf_token },
        data: { id: 'tb-e2e-own', issuer: '西岭市委网信办', document_no: '西网信通〔2026〕19号',
          title: '关于邮件系统弱口令的通报', systems: [], received_on: force }
      })
      assert(r.status() === 201, `the second notice is recorded: ${r.status()}`)

      // The office drafts: the rule's form, its number of working days and its citation.
      await nav(page, 'unitPolicy')
      await page.locator('[data-test=new-version]').click()
      await page.locator('[data-test=policy-editor] [data-test=rules-notice_deadline]').waitFor()
      await page.locator('[data-test="edit-rule-notice.rectification"]').click()
      const dlg = page.locator('[data-test=rule-dialog]')
      await dlg.locator('input[name=rule-title]').fill('接到通报后5个工作日内完成整改')
      await dlg.locator('[data-test=param-workdays] input').fill('5')
      // The college amends its 细则 (the demo's version 1): the same article, five working days.
      await field(page, 'cite-document-0').fill('《蜀南学院网络安全工作责任制实施细则》（2026年修订）')
      await field(page, 'cite-clause-0').fill('第二十一条')
      await dlg.locator('textarea[data-test=cite-text-0], [data-test=cite-text-0] textarea').fill('主管部门应当在5个工作日内整改完毕')
      await dlg.locator('[data-test=rule-ok]').click()
      const row = page.locator('[data-test=rules-notice_deadline] tbody tr').filter({ hasText: 'notice.rectification' })
      assert((await row.innerText()).includes('5 个工作日'), 'the rule shows 5 working days')
      // Every parameter has its input: the national report limits by operator type, for one.
      await page.locator('[data-test="edit-rule-incident.report_national"]').click()
      const cii = await dlg.locator('[data-test=param-operator_hours-cii_operator] input').inputValue()
      assert(cii === '1', `the critical-infrastructure operator's limit is edited in the form: ${cii}`)
      await dlg.getByRole('button', { name: '取消' }).click()
      await settle(page)
      // Before saving: the diff and the preview are of the edits as they stand.
      await page.locator('[data-test=policy-editor] .el-tabs__item', { hasText: '与施行版本比较' }).click()
      await settle(page)
      const diff = await page.locator('[data-test=diff-table] tbody').innerText()
      assert(diff.includes('notice.rectification') && diff.includes('2026年修订'), `the diff of the unsaved edits shows the changed rule: ${diff}`)
      await page.locator('[data-test=policy-editor] .el-tabs__item', { hasText: '预览检查结果' }).click()
      await field(page, 'preview-on').fill(before)
      await page.keyboard.press('Enter')
      await page.locator('[data-test=run-preview]').click()
      await page.locator('[data-test=preview-summary]').waitFor()
      // On the day after the 3-day deadline the notice is late by the shipped rule, not by 5 days.
      const gone = await page.locator('[data-test=preview-table] tbody').innerText()
      assert(gone.includes('消失') && gone.includes('西网信通〔2026〕17号'), `the preview of the unsaved edits shows the finding gone: ${gone}`)
      await shot(page, 'unit-policy-editor')
      // The 责任追究 clauses the version follows: the 细则's own, carried from the version in force.
      await page.locator('[data-test=policy-editor] .el-tabs__item', { hasText: '责任追究条款' }).click()
      const acc = await page.locator('[data-test=accountability-table] tbody').innerText()
      assert(acc.includes('第二十四条(三)') && acc.includes('未报告'), `the version's own accountability clauses: ${acc}`)
      assert((await page.locator('[data-test=accountability-from]').innerText()).includes('本版本规定'), 'they are the version\'s own')
      assert((await page.request.get(`${base}/api/v1/units/demo/policy-versions`).then((r) => r.json())).items.length === 1, 'the preview saved nothing (the 细则 alone)')
      await field(page, 'policy-reason').fill('整改期限由3个工作日改为5个工作日')
      await page.locator('[data-test=policy-save]').click()
      await page.locator('.el-message--success', { hasText: '草稿版本' }).waitFor()
      await settle(page)
      await page.keyboard.press('Escape')
      // The office cannot approve its own draft: the page offers it no such button.
      assert((await page.locator('[data-test=approve-version]').count()) === 0, 'no approve button for the office')
      await logout(page)

      // A leader approves it from the day chosen.
      await login(page, base, 'leader', DEMO_PASSWORD)
      await nav(page, 'unitPolicy')
      await page.locator('[data-test=policy-versions-table] tbody tr').filter({ hasText: '草稿' }).locator('[data-test=approve-version]').click()
      await field(page, 'approve-from').fill(force)
      await page.keyboard.press('Enter')
      await field(page, 'approve-note').fill('同意')
      await page.locator('[data-test=approve-confirm]').click()
      await page.locator('.el-message--success', { hasText: force }).waitFor()
      await settle(page)
      await shot(page, 'unit-policy')

      // Findings before the date: the 细则's 3 days and its clause. After it the notice of
      // before keeps them (judged as on the day it came); the one that came on it has the unit's own.
      const noticeRow = async (asOf, docNo) => {
        await nav(page, 'findings')
        await field(page, 'as-of').fill(asOf)
        await page.keyboard.press('Enter')
        await page.getByRole('button', { name: '搜索' }).click()
        await settle(page)
        const r = page.locator('[data-test=findings-table] tbody tr').filter({ hasText: docNo })
        return (await r.count()) ? r.first().innerText() : ''
      }
      const b = await noticeRow(before, '西网信通〔2026〕17号')
      assert(b.includes(d3) && b.includes('第二十一条'), `before ${force}: the 细则's deadline ${d3} and its 第二十一条: ${b}`)
      const a = await noticeRow(after, '西网信通〔2026〕17号')
      assert(a.includes(d3) && !a.includes(own5), `after ${force}: the earlier notice keeps ${d3}: ${a}`)
      const o = await noticeRow(day(own5, 1), '西网信通〔2026〕19号')
      assert(o.includes(own5) && o.includes('第二十一条'), `the notice of ${force}: the amended deadline ${own5} and its 第二十一条: ${o}`)
    }
  },
  {
    name: 'policy-evaluation',
    title: "the office customizes the evaluation indicators in a policy draft: the meeting item's marks and a new manual item; the draft keeps them for the leader to approve",
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'unitPolicy')
      await page.locator('[data-test=new-version]').click()
      await page.locator('[data-test=policy-editor] .el-tabs__item', { hasText: '考核指标' }).click()
      await page.locator('[data-test=evaluation-tree] tbody tr', { hasText: '专题会议' }).first().waitFor()
      // The version in force (the demo's 细则) has its own indicators, which the draft starts from;
      // a version inheriting the profile's would first be customised.
      const customize = page.locator('[data-test=evaluation-customize]')
      if (await customize.count()) await customize.click()
      await page.locator('[data-test="edit-indicator-org.meeting"]').click()
      const dlg = page.locator('[data-test=indicator-dialog]')
      await dlg.waitFor()
      await field(page, 'indicator-marks').fill('15')
      await dlg.locator('[data-test=indicator-save]').click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator('[data-test="add-indicator-org"]').click()
      await dlg.waitFor()
      await field(page, 'indicator-id').fill('org.plan')
      await field(page, 'indicator-title').fill('制定年度网络安全工作计划')
      await dlg.locator('input[placeholder=制度文件]').fill('《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）')
      await dlg.locator('input[placeholder=条款]').fill('第二十二条(一)')
      await dlg.locator('[data-test=indicator-save]').click()
      await dlg.waitFor({ state: 'hidden' })
      const tree = await page.locator('[data-test=evaluation-tree] tbody').innerText()
      assert(tree.includes('制定年度网络安全工作计划') && tree.includes('15'), `the tree shows the edits: ${tree}`)
      await shot(page, 'policy-evaluation-editor')
      await field(page, 'policy-reason').fill('考核指标：专题会议 15 分，增设工作计划')
      await page.locator('[data-test=policy-save]').click()
      await page.locator('.el-message--success', { hasText: '草稿版本' }).waitFor()
      const list = await (await page.request.get(`${base}/api/v1/units/demo/policy-versions`)).json()
      const draft = list.items.find((v) => v.status === 'draft')
      const v = await (await page.request.get(`${base}/api/v1/units/demo/policy-versions/${draft.version}`)).json()
      const items = v.document.evaluation.indicators.flatMap((g) => g.children)
      assert(items.find((x) => x.id === 'org.meeting').marks === 15, 'the draft keeps the new marks')
      assert(items.find((x) => x.id === 'org.plan').scoring === 'manual', 'and the new manual item')
    }
  },
  {
    name: 'ui-words',
    title: 'issue 22 items 3 and 6: a form checks before sending and speaks the user\'s language; no id is typed; English shows English post names',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'people')
      await page.locator('[data-test=add-person]').click()
      const dlg = page.locator('[data-test=person-dialog]')
      await dlg.waitFor()
      // Nothing typed: refused in the browser, in Chinese, naming the field; nothing is sent.
      let posts = 0
      const count = (r) => { if (r.method() === 'POST' && r.url().includes('/people')) posts++ }
      page.on('request', count)
      await dlg.locator('[data-test=person-save]').click()
      const err = await dlg.locator('[data-test=person-error]').innerText()
      assert(/请填写「名称」/.test(err) && !/[$]\.|request:|must not/.test(err), `a Chinese refusal naming the field: ${err}`)
      assert(posts === 0, 'nothing was sent')
      // A name alone is enough: the system makes the id.
      await dlg.locator('input[name=person-name]').fill('自动编号甲')
      await dlg.locator('[data-test=person-save]').click()
      await page.locator('.el-message', { hasText: '已保存' }).waitFor()
      page.off('request', count)
      await settle(page)
      const r = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people?q=自动编号甲')).json())
      assert(r.items.length === 1 && /^p-[a-z0-9]{8}$/.test(r.items[0].id), `an id made by the system: ${JSON.stringify(r.items)}`)
      // In English, posts are English (they were the stored Chinese names).
      await page.locator('[data-test=lang]').hover()
      await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
      await page.locator('[data-menu=people]', { hasText: 'People' }).waitFor()
      await settle(page)
      const table = await page.locator('[data-test=people-table] tbody').innerText()
      assert(/administrator|responsible|liaison/i.test(table) && !/管理员|负责人/.test(table), `English post names: ${table.slice(0, 300)}`)
    }
  },
  {
    name: 'ui-tables',
    title: 'issue 22 item 5: at 1366×768 the notices\' countdown and 整改完成 are in view, findings\' messages are not cut, headers do not wrap',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'notices')
      await rows(page, 'notices-table')
      const vw = page.viewportSize().width
      for (const h of ['倒计时', '整改完成']) {
        const box = await page.locator('[data-test=notices-table] .el-table__header-wrapper th:visible, [data-test=notices-table] .el-table__fixed-right th:visible').filter({ hasText: h }).last().boundingBox()
        assert(box && box.x >= 0 && box.x + box.width <= vw, `${h} is on screen at ${vw}: ${JSON.stringify(box)}`)
      }
      await nav(page, 'findings')
      await rows(page, 'findings-table')
      // Every header cell on one line; every message shown whole (wrapped, not cut).
      const wrapped = await page.locator('[data-test=findings-table] th .cell, [data-test=notices-table] th .cell').evaluateAll((cells) =>
        cells.filter((c) => c.offsetParent && c.innerText.trim() && c.getClientRects().length && c.scrollHeight > 30).map((c) => c.innerText))
      assert(!wrapped.length, `headers on one line: ${wrapped}`)
      const cut = await page.locator('[data-test=findings-table]').evaluate((t) => {
        const ths = [...t.querySelectorAll('.el-table__header-wrapper th')]
        const i = ths.findIndex((th) => th.innerText.trim() === '问题')
        return [...t.querySelectorAll('.el-table__body-wrapper tbody tr')]
          .map((tr) => tr.children[i] && tr.children[i].querySelector('.cell'))
          .filter((c) => c && (c.scrollWidth > c.clientWidth + 1 || getComputedStyle(c).textOverflow === 'ellipsis' && c.scrollHeight <= 24 && c.scrollWidth > c.clientWidth))
          .map((c) => c.innerText.slice(0, 40))
      })
      assert(!cut.length, `no message of the findings cut off: ${cut.slice(0, 3)}`)
      const msgWidth = await page.locator('[data-test=findings-table] .el-table__header-wrapper th', { hasText: '问题' }).first().evaluate((th) => th.getBoundingClientRect().width)
      console.log(`# findings' message column ${Math.round(msgWidth)} px wide at ${vw}`)
    }
  },
  {
    name: 'ui-pick',
    title: 'issue 22 item 6: sysadmin links a new account to a person picked by name, not a typed p-…',
    async run({ page, base, passwords }) {
      assert(passwords.sysadmin, 'the password journey ran first')
      await login(page, base, 'sysadmin', passwords.sysadmin)
      await nav(page, 'accounts')
      await page.locator('[data-test=add-account]').click()
      await page.locator('input[name=account-username]').fill('sunqian.e2e')
      await pick(page, page.locator('[data-test=account-person]'), '孙倩')
      await page.locator('[data-test=account-save]').click()
      await page.locator('.el-message', { hasText: '账号已创建' }).waitFor()
      await page.keyboard.press('Escape')
      await settle(page)
      const r = await page.evaluate(async () => (await fetch('/api/v1/accounts/sunqian.e2e')).json())
      assert(/^p-/.test(r.person || ''), `the account is linked to her person: ${JSON.stringify(r)}`)
    }
  },
  {
    name: 'ui-import-people',
    title: 'issue 22 item 2: people from the Excel template, bad rows included, through the preview — dates typed in Excel, the sample row skipped, a change shown with its fields, ids with spaces, an unknown department and an impossible date refused in Chinese; nothing written before 确认导入',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'people', 'import-people-btn', 'import-people')
      const qiu = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people/p-qiumin')).json())
      // The template's columns and sample row, then the rows a newcomer would type.
      const S = (v) => ({ value: v, type: String })
      const file = path.join(tmpdir(), '人员导入-e2e.xlsx')
      await writeXlsxFile([
        ['人员编号', '姓名', '所在部门', '背景审查', '入职日期', '离职日期'].map(S),
        [S('（示例行，导入时跳过）'), S('张三'), S('网络信息中心'), S('2026-01-15'), S(''), S('')],
        [S(''), S('导入新人甲'), S('财务处'), { value: 46035, type: Number }, S(''), S('')],
        [S('HR-E2E-2'), S('导入新人乙'), S('网络信息中心'), S('2026/3/5'), S('2026-09-01'), S('')],
        [S('p-qiumin'), S(qiu.name), S(''), S('2026-10-08'), S(''), S('')],
        [S('p e2e 3'), S('空格编号'), S('财务处'), S(''), S(''), S('')],
        [S(''), S('部门不存在'), S('不存在处'), S(''), S(''), S('')],
        [S(''), S('日期不对'), S('财务处'), S('2026-02-30'), S(''), S('')]
      ]).toFile(file)
      await dlg.locator('input[type=file]').setInputFiles(file)
      const summary = dlg.locator('[data-test=import-summary]')
      await summary.waitFor()
      await settle(page)
      const said = await summary.innerText()
      assert(/将新增 2 条、修改 1 条，3 行有错误/.test(said), `the preview counts: ${said}`)
      assert(said.includes('留空的保持原值不变'), `the preview says an empty cell keeps the stored value: ${said}`)
      const res = await dlg.locator('[data-test=import-results] tbody').innerText()
      const lines = res.split('\n').join(' ')
      assert(!res.includes('张三'), `the sample row is skipped: ${lines}`)
      assert(/（自动生成）[\s\S]*导入新人甲[\s\S]*将新增/.test(res) && /HR-E2E-2[\s\S]*导入新人乙[\s\S]*将新增/.test(res), `two to add: ${lines}`)
      assert(/p-qiumin[\s\S]*将修改：背景审查/.test(res) && !/将修改：[^\n]*所在部门/.test(res), `the change names its field, the empty department is kept: ${lines}`)
      for (const why of ['编号不能含空格：「p e2e 3」', '本单位没有部门「不存在处」', '背景审查应为 YYYY-MM-DD：2026-02-30']) assert(res.includes(why), `refused in Chinese, "${why}": ${lines}`)
      assert(!/unknown|must|invalid/i.test(res), `no English in the results: ${lines}`)
      let made = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people?q=' + encodeURIComponent('导入新人'))).json())
      assert(made.items.length === 0, `nothing written before 确认导入: ${JSON.stringify(made.items)}`)
      await shot(page, 'people-import')
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 3 行' }).waitFor()
      await settle(page)
      const done = await dlg.locator('[data-test=import-results] tbody').innerText()
      assert(/p-qiumin[\s\S]*已更新（覆盖/.test(done) && /导入新人甲[\s\S]*已新增/.test(done), `the overwrite of an existing id is said: ${done}`)
      made = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people?q=' + encodeURIComponent('导入新人甲'))).json())
      assert(made.items.length === 1 && made.items[0].background_check === '2026-01-13' && made.items[0].department === 'finance', `the Excel date 46035 is 2026-01-13: ${JSON.stringify(made.items)}`)
      const b = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people/HR-E2E-2')).json())
      assert(b.background_check === '2026-03-05' && b.joined === '2026-09-01', `2026/3/5 read as a date: ${JSON.stringify(b)}`)
      const q = await page.evaluate(async () => (await fetch('/api/v1/units/demo/people/p-qiumin')).json())
      assert(q.background_check === '2026-10-08' && q.department === qiu.department && q.department, `邱敏 changed in her background check only: ${JSON.stringify(q)}`)
      // 数据导入导出 imports people with the same dialog; the same workbook again writes nothing to
      // the rows with an id (the row without one would add a person again).
      await page.keyboard.press('Escape')
      const again = await openImport(page, 'data', 'data-import-people', 'import-people')
      await again.locator('input[type=file]').setInputFiles(file)
      await again.locator('[data-test=import-summary]', { hasText: '将新增 1 条、修改 0 条，3 行有错误' }).waitFor()
      assert((await again.locator('[data-test=import-summary]').innerText()).includes('2 行与现有记录相同，不写入'), 'the unchanged rows are counted apart')
      const second = await again.locator('[data-test=import-results] tbody').innerText()
      assert(/p-qiumin[\s\S]*与现有记录相同，不写入/.test(second) && /HR-E2E-2[\s\S]*与现有记录相同，不写入/.test(second), `nothing to change the second time: ${second}`)
      assert((await again.locator('[data-test=import-confirm]').innerText()).includes('确认导入 1 行'), 'only the new row is to be written')
    }
  },
  {
    name: 'ui-expiring',
    title: 'issue 22 item 9: the dashboard\'s agreements about to expire are the ones 合规检查 warns of',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dash = await rows(page, 'expiring')
      await page.goto(`${base}/findings?rule=agreement.expiring`)
      await settle(page)
      const findings = await rows(page, 'findings-table')
      const people = new Set(await page.locator('[data-test=findings-table] .el-table__body-wrapper tbody tr td:nth-child(3)').allInnerTexts())
      assert(dash === people.size, `dashboard lists ${dash} expiring agreements, 合规检查 warns of ${findings} (${people.size} people)`)
    }
  },
  {
    name: 'ui-keyboard',
    title: 'issue 22 item 11: the menu and the fold button by Tab, Enter opens; Enter picks a filtered option; controls and icon buttons have names',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const reached = new Set()
      for (let i = 0; i < 40 && !(reached.has('fold') && reached.has('menu:people')); i++) {
        await page.keyboard.press('Tab')
        const a = await page.evaluate(() => {
          const e = document.activeElement
          return e ? (e.dataset.menu ? `menu:${e.dataset.menu}` : e.dataset.test || '') : ''
        })
        reached.add(a)
        if (a === 'menu:people') {
          await page.keyboard.press('Enter')
          await page.waitForURL((u) => u.pathname === '/people')
          await settle(page)
        }
      }
      assert(reached.has('menu:people') && reached.has('fold') && new URL(page.url()).pathname === '/people', `the menu and the fold button by Tab, Enter opens: ${[...reached]}`)
      await page.locator('[data-test=fold]').focus()
      await page.keyboard.press('Enter')
      assert((await page.locator('[data-test=fold]').getAttribute('aria-expanded')) === 'false', 'the fold button works from the keyboard')
      await page.keyboard.press('Enter')
      await nav(page, 'findings')
      // Each filter has a name; Enter takes the first option the filter leaves.
      for (const name of ['严重程度', '规则', '对象类型', '截至日期']) assert((await page.getByLabel(name, { exact: true }).count()) > 0, `a control named ${name}`)
      const rule = page.getByLabel('规则', { exact: true }).first()
      await rule.click()
      await rule.pressSequentially('兼任', { delay: 20 })
      await page.keyboard.press('Enter')
      await page.waitForTimeout(300)
      const chosen = await page.locator('.el-form-item', { hasText: '规则' }).first().innerText()
      assert(/兼任/.test(chosen), `Enter picked the filtered rule: ${chosen}`)
      const unnamed = await page.locator('button:visible').evaluateAll((bs) => bs.filter((b) => !(b.innerText.trim() || b.getAttribute('aria-label') || b.title)).map((b) => b.outerHTML.slice(0, 120)))
      assert(!unnamed.length, `every button has a name: ${unnamed.slice(0, 3)}`)
    }
  },
  {
    name: 'ui-cold',
    title: 'issue 22 item 12: a cold first page comes compressed and loads in under a second on loopback',
    async run({ page, base }) {
      const encodings = {}
      page.on('response', (r) => {
        if (/\.(js|css)$/.test(new URL(r.url()).pathname) && Number(r.headers()['content-length'] || 2048) > 1024) encodings[r.headers()['content-encoding'] || 'none'] = (encodings[r.headers()['content-encoding'] || 'none'] || 0) + 1
      })
      const t0 = Date.now()
      await page.goto(`${base}/login`, { waitUntil: 'load' })
      await page.locator('[data-test=login-submit]').waitFor()
      const ms = Date.now() - t0
      const r = await page.evaluate(() => {
        const res = performance.getEntriesByType('resource').filter((e) => /\.(js|css)$/.test(new URL(e.name).pathname))
        const nav = performance.getEntriesByType('navigation')[0]
        return {
          transferred: res.reduce((a, e) => a + e.transferSize, 0),
          decoded: res.reduce((a, e) => a + e.decodedBodySize, 0),
          js: res.filter((e) => e.name.endsWith('.js')).reduce((a, e) => a + e.transferSize, 0),
          load: nav ? Math.round(nav.loadEventEnd) : -1
        }
      })
      console.log(`# cold first page: ${ms} ms to a usable sign-in form (load event ${r.load} ms); JS+CSS ${Math.round(r.transferred / 1024)} KB sent for ${Math.round(r.decoded / 1024)} KB (JS ${Math.round(r.js / 1024)} KB); encodings ${JSON.stringify(encodings)}`)
      assert(!encodings.none, `every script and style sheet compressed: ${JSON.stringify(encodings)}`)
      assert(r.transferred < r.decoded / 2, `compressed: ${r.transferred} of ${r.decoded} bytes`)
      // The page's load event is the figure the issue asks for; the usable form (Vue mounted, the
      // session asked) is printed beside it. Both on a loopback server, the machine shared.
      assert(r.load > 0 && r.load < 1000, `a cold first page in under a second: load event at ${r.load} ms`)
    }
  },
  {
    name: 'ui-staff',
    title: 'issue 22 item 8: a staff member\'s dashboard shows their duties, agreements and training, not the unit\'s charts',
    async run({ page, base, passwords }) {
      // The approvals journey gives staff a password of their own.
      await login(page, base, 'staff', passwords.secadmin ? NEW_PASSWORD : DEMO_PASSWORD)
      assert(new URL(page.url()).pathname === '/dashboard', `staff lands on the dashboard: ${page.url()}`)
      await page.locator('[data-test=my-dashboard]').waitFor()
      for (const part of ['my-duties', 'my-agreements', 'my-training']) assert(await page.locator(`[data-test=${part}]`).isVisible(), `${part} shown`)
      assert((await page.locator('.chart canvas').count()) === 0, 'no unit-wide charts')
      assert((await page.locator('[data-test=stat-error]').count()) === 0, 'no unit-wide counters')
      await shot(page, 'dashboard-staff')
    }
  },
  {
    name: 'ui-print',
    title: 'issue 22 printing: the findings and every list print as their table alone under a page header — no menu, no buttons, nothing cut',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const lists = [['findings', 'findings-table'], ['people', 'people-table'], ['notices', 'notices-table'], ['agreements', 'agreements-table'],
        ['obligations', 'obligations-table'], ['systems', 'systems-table'], ['incidents', 'incidents-table'], ['rectifications', 'rect-table'],
        ['handovers', 'handovers-table'], ['plans', 'plans-table'], ['projects', 'projects-table'], ['vulnerabilities', 'vulns-table'],
        ['logSources', 'logsrc-table'], ['trainings', 'trainings-table'], ['documents', 'documents-table']]
      for (const [m, test] of lists) {
        await nav(page, m)
        await page.emulateMedia({ media: 'print' })
        const r = await page.evaluate((test) => {
          const visible = (e) => e.offsetParent !== null && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'
          const shown = (sel) => [...document.querySelectorAll(sel)].some(visible)
          const table = document.querySelector(`[data-test=${test}]`)
          const cut = table ? [...table.querySelectorAll('td .cell, .print-table td')].filter((c) => c.offsetParent && c.scrollWidth > c.clientWidth + 1).length : -1
          // columns past the list's right edge (a table wider than the paper) are cut as well
          const clipped = table ? [...table.querySelectorAll('.el-table__body, .print-table')].filter(visible).reduce((w, b) => Math.max(w, Math.round(b.getBoundingClientRect().right - table.getBoundingClientRect().right)), 0) : -1
          const head = document.querySelector('[data-test=print-head]')
          return {
            menu: shown('.el-aside'), header: shown('.el-header'), filters: shown('.search-form'), pager: shown('.el-pagination'),
            buttons: [...document.querySelectorAll('.el-main button')].filter(visible).map((b) => b.innerText.trim() || b.getAttribute('aria-label')).slice(0, 5),
            table: !!table && table.offsetParent !== null, cut, clipped, overflow: document.documentElement.scrollWidth - window.innerWidth,
            head: head && visible(head) ? head.innerText : ''
          }
        }, test)
        assert(r.table && !r.menu && !r.header && !r.filters && !r.pager, `${m} prints its table alone: ${JSON.stringify(r)}`)
        assert(!r.buttons.length, `${m} prints no buttons: ${JSON.stringify(r.buttons)}`)
        assert(r.head.includes('蜀南学院') && r.head.includes('打印日期'), `${m} prints under a page header: ${JSON.stringify(r.head)}`)
        assert(r.cut === 0 && r.clipped <= 0 && r.overflow <= 0, `${m} prints nothing cut: ${JSON.stringify(r)}`)
        if (m === 'findings' || m === 'systems') await shot(page, `print-${m}`)
        await page.emulateMedia({ media: 'screen' })
        assert(!(await page.locator('[data-test=print-head]').isVisible()), 'the page header is for paper only')
      }
    }
  },
  {
    name: 'bell',
    title: 'the bell shows the reminders the scheduler sent; the sysadmin sets a robot and its test send says why it failed; the office reads the delivery log',
    async run({ page, base, otp, passwords, expect }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      // serve's scheduler plans the demo's reminders when it starts: the bell has a count.
      const badge = page.locator('[data-test=bell] .el-badge__content')
      await badge.waitFor({ timeout: 15000 })
      const unread = Number(await badge.innerText())
      assert(unread > 0, `unread count ${unread}`)
      await page.locator('[data-test=bell]').click()
      await page.locator('[data-test=bell-item]').first().waitFor()
      const first = await page.locator('[data-test=bell-item] .bell-subject').first().innerText()
      assert(/[\u4e00-\u9fff]/.test(first), `a Chinese subject: ${first}`)
      await shot(page, 'bell')
      await page.locator('[data-test=bell-read-all]').click()
      await settle(page)
      await badge.waitFor({ state: 'hidden' })

      await nav(page, 'messages')
      assert((await rows(page, 'messages-table')) > 0, 'messages listed')
      const rule = await page.locator('[data-test=messages-table] .el-table__body-wrapper tbody tr').first().locator('td').nth(2).innerText()
      assert(/[\u4e00-\u9fff]/.test(rule) && !rule.includes('.'), `the reminder's kind by its Chinese name: ${rule}`)
      await field(page, 'pref-email').fill('zhouhaitao@example.cn')
      await page.locator('[data-test=pref-save]').click()
      await page.locator('.el-message--success').waitFor()
      await shot(page, 'messages')
      await logout(page)

      // The sysadmin sets a DingTalk robot nobody answers: the test send says so, clearly.
      const pw = passwords.sysadmin || otp.sysadmin
      await login(page, base, 'sysadmin', pw)
      if (new URL(page.url()).pathname === '/password') {
        await changePassword(page, pw, NEW_PASSWORD)
        passwords.sysadmin = NEW_PASSWORD
      }
      await nav(page, 'notifyChannels')
      await field(page, 'dingtalk-webhook').fill('https://127.0.0.1:9/robot/send?access_token=e2e')
      await field(page, 'dingtalk-secret').fill('SECe2e')
      await page.locator('[data-test=dingtalk-save]').click()
      await settle(page)
      const placeholder = await field(page, 'dingtalk-webhook').getAttribute('placeholder')
      assert(placeholder.includes('已设置'), `the webhook is shown as set, not in clear: ${placeholder}`)
      expect(502, '/notify/channels/dingtalk/test')
      await page.locator('[data-test=dingtalk-test]').click()
      const err = await page.locator('[data-test=dingtalk-error]').innerText()
      assert(/DingTalk/.test(err), `the test send's error names the channel: ${err}`)
      await shot(page, 'notify-channels')
      await logout(page)

      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'deliveries')
      assert((await rows(page, 'deliveries-table')) > 0, 'the delivery log has rows')
      await shot(page, 'deliveries')
    }
  },
  {
    name: 'supervisor',
    title: '西岭市委网信办 ranks the units below it, drills down to a finding, sends a notice to two units; one unit rectifies and feeds back, which the supervisor sees',
    async run({ page, base }) {
      await login(page, base, 'supervisor', DEMO_PASSWORD)
      assert(new URL(page.url()).pathname === '/supervision', `the supervisor's home: ${page.url()}`)
      assert((await rows(page, 'supervision-ranking')) === 3, 'three units ranked')
      await shot(page, 'supervision')
      await page.locator('[data-test=drill-xl-hospital]').click()
      const drawer = page.locator('[data-test=drill-drawer]')
      assert((await rows(page, 'drill-findings')) > 0, "the hospital's findings")
      assert((await drawer.innerText()).includes('依据') || (await drawer.locator('[data-test=citation]').count()) > 0, 'findings with their citations')
      await page.keyboard.press('Escape')
      await settle(page)

      await page.getByRole('tab', { name: '下发的通报' }).click()
      await page.locator('[data-test=send-notice]').click()
      const dlg = page.locator('[data-test=send-dialog]')
      await dlg.waitFor()
      await dlg.locator('input[name=send-id]').fill('xw-e2e')
      await dlg.locator('input[name=send-docno]').fill('西网信通〔2026〕88号')
      await dlg.locator('input[name=send-title]').fill('关于网站安全隐患的通报')
      await pick(page, dlg.locator('[data-test=send-units]'), '西岭市第一中学')
      await dlg.locator('.el-dialog__title').click() // closes the multiple select's dropdown
      await page.waitForTimeout(300)
      await pick(page, dlg.locator('[data-test=send-units]'), '西岭市人民医院')
      await dlg.locator('.el-dialog__title').click()
      await dlg.locator('[data-test=send-save]').click()
      await page.locator('.el-message', { hasText: '2' }).waitFor()
      await settle(page)
      assert((await rows(page, 'supervision-sent')) === 2, 'the notice is in both units')
      await logout(page)

      await login(page, base, 'office.school', DEMO_PASSWORD)
      await nav(page, 'notices')
      const row = page.locator('[data-test=notices-table] tbody tr', { hasText: 'xw-e2e' })
      await row.waitFor()
      const rowText = await row.innerText()
      assert(rowText.includes('上级下发'), 'the unit sees it came from above')
      const received = /\d{4}-\d{2}-\d{2}/.exec(rowText)[0]
      await row.getByRole('button', { name: '修改' }).click()
      const nd = page.locator('[data-test=notice-dialog]')
      await nd.waitFor()
      await field(page, 'notice-rectified-on').fill(received)
      await field(page, 'notice-rectified-on').press('Enter')
      await field(page, 'notice-feedback-on').fill(received)
      await field(page, 'notice-feedback-on').press('Enter')
      await nd.locator('textarea[name=notice-feedback]').fill('已完成整改并复测')
      await nd.locator('[data-test=notice-save]').click()
      await page.locator('.el-message', { hasText: '已保存' }).waitFor()
      await settle(page)
      await logout(page)

      await login(page, base, 'supervisor', DEMO_PASSWORD)
      await page.getByRole('tab', { name: '下发的通报' }).click()
      const school = page.locator('[data-test=supervision-sent] tbody tr', { hasText: '西岭市第一中学' })
      await school.waitFor()
      assert((await school.innerText()).includes('已完成整改并复测'), 'the supervisor sees the feedback')
      await shot(page, 'supervision-sent')
    }
  },
  {
    name: 'inspection',
    title: '西岭市委网信办 records an inspection of 西岭市第一中学 with an item found; the school\'s office finds it in its 整改台账, named by the inspection',
    async run({ page, base }) {
      // A fixed day: the journey does not depend on today's date.
      const day = '2026-11-23'
      await login(page, base, 'supervisor', DEMO_PASSWORD)
      await page.getByRole('tab', { name: '检查' }).click()
      await page.locator('[data-test=add-inspection]').click()
      const dlg = page.locator('[data-test=inspection-dialog]')
      await dlg.waitFor()
      await dlg.locator('input[name=inspection-id]').fill('jc-e2e')
      await pick(page, dlg.locator('[data-test=inspection-unit]'), '西岭市第一中学')
      await field(page, 'inspection-on').fill(day)
      await field(page, 'inspection-on').press('Enter')
      await dlg.locator('input[name=inspection-scope]').fill('网络安全工作责任制落实情况')
      await dlg.locator('input[name=inspection-inspectors]').fill('王磊、李娜')
      await field(page, 'inspection-item-title').fill('门户网站未开展等级保护测评')
      await pick(page, dlg.locator('[data-test=inspection-item-dept]'), '信息中心')
      await dlg.locator('[data-test=inspection-save]').click()
      await page.locator('.el-message', { hasText: '已记录' }).waitFor()
      await settle(page)
      const row = page.locator('[data-test=supervision-inspections] tbody tr', { hasText: '网络安全工作责任制落实情况' })
      await row.waitFor()
      assert((await row.innerText()).includes('整改中'), 'the item is being rectified')
      await shot(page, 'supervision-inspections')
      await logout(page)

      await login(page, base, 'office.school', DEMO_PASSWORD)
      await page.goto(`${base}/rectifications?as_of=${day}`)
      await settle(page)
      const item = page.locator('[data-test=rect-table] .el-table__body-wrapper tbody tr', { hasText: '门户网站未开展等级保护测评' })
      await item.waitFor()
      await item.locator('.el-table__expand-icon').click()
      // the unit sees which inspection found it
      await page.locator('[data-test=rect-table] .el-descriptions', { hasText: '西岭市委网信办2026-11-23检查：网络安全工作责任制落实情况' }).waitFor()
      await shot(page, 'rectifications-inspection')
    }
  },
  {
    name: 'rectify',
    title: 'office assigns a finding for rectification, the department\'s liaison rectifies it with notes, the office verifies and closes it, and it shows reopened when the finding holds again',
    async run({ page, base }) {
      // A fixed day in the URL: the journey does not depend on today's date.
      const day = '2026-11-21'
      await login(page, base, 'office', DEMO_PASSWORD)
      await page.goto(`${base}/findings?as_of=${day}`)
      await settle(page)
      const finding = page.locator('[data-test=findings-table] .el-table__body-wrapper tbody tr', { hasText: '赵磊担任安全管理员' })
      await finding.locator('[data-test=finding-rectify]').click()
      const dlg = page.locator('[data-test=assign-dialog]')
      await dlg.waitFor()
      await pick(page, dlg.locator('[data-test=assign-person]'), '赵磊')
      await dlg.locator('[data-test=assign-save]').click()
      await page.locator('.el-message', { hasText: '已交办' }).waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await settle(page)
      // Assigned once: the finding now says so instead of offering 整改 again.
      await finding.getByRole('button', { name: '已交办' }).waitFor()
      await logout(page)

      await login(page, base, 'liaison.nic', DEMO_PASSWORD)
      // The liaison's dashboard lists it among the rectifications to act on.
      await page.locator('[data-test=open-rectifications] tbody tr', { hasText: '赵磊担任安全管理员' }).waitFor()
      await page.goto(`${base}/rectifications?as_of=${day}`)
      await settle(page)
      const item = page.locator('[data-test=rect-table] .el-table__body-wrapper tbody tr', { hasText: '赵磊担任安全管理员' })
      await item.locator('.el-tag', { hasText: '整改中' }).waitFor()
      assert((await item.innerText()).includes('网络信息中心'), 'assigned to the person\'s department')
      await item.locator('[data-test=rect-rectify]').click()
      const rd = page.locator('[data-test=rect-dialog]')
      await rd.waitFor()
      await rd.locator('textarea[data-test=rect-text], [data-test=rect-text] textarea').first().fill('已任命专职安全管理员，赵磊不再兼任网络管理员')
      await rd.locator('[data-test=rect-save]').click()
      await rd.waitFor({ state: 'hidden' })
      await settle(page)
      await item.locator('.el-tag', { hasText: '已整改待验证' }).waitFor()
      assert((await item.locator('[data-test=rect-verify]').count()) === 0, 'a liaison does not close')
      await logout(page)

      await login(page, base, 'office', DEMO_PASSWORD)
      await page.goto(`${base}/rectifications?as_of=${day}`)
      await settle(page)
      await item.locator('[data-test=rect-verify]').click()
      await rd.waitFor()
      // The finding still holds on the day: the office is told before closing.
      await rd.locator('.el-alert', { hasText: '仍然存在' }).waitFor()
      await rd.locator('[data-test=rect-save]').click()
      await rd.waitFor({ state: 'hidden' })
      await settle(page)
      await item.locator('.el-tag', { hasText: '已销号' }).waitFor()
      await shot(page, 'rectifications')
      // A day later the finding holds again: the register reopens the item by itself.
      await page.goto(`${base}/rectifications?as_of=2026-11-22`)
      await settle(page)
      await item.locator('.el-tag', { hasText: '问题重新出现' }).waitFor()
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=rect-table] [data-test=export]').click()])
      assert(dl.suggestedFilename().endsWith('.xlsx'), `export ${dl.suggestedFilename()}`)
    }
  },
  {
    name: 'ui-pages',
    title: 'issue 22: the platform administrators\' pages and the profile render at both sizes (screenshots of every page)',
    async run({ page, base, passwords }) {
      assert(passwords.sysadmin && passwords.secadmin, 'the password and approvals journeys ran first')
      await login(page, base, 'sysadmin', passwords.sysadmin)
      await nav(page, 'workcal')
      await shot(page, 'workcal')
      await page.goto(`${base}/profile`)
      await settle(page)
      await shot(page, 'profile')
      await logout(page)
      await login(page, base, 'secadmin', passwords.secadmin)
      await nav(page, 'roles')
      await shot(page, 'roles')
    }
  },
  {
    name: 'reports',
    title: "issue 14 item 6: the leader downloads an incident's accountability report, the findings as a workbook and a department's self-check",
    async run({ page, base }) {
      await login(page, base, 'leader', DEMO_PASSWORD)
      await nav(page, 'incidents')
      await page.locator('[data-test=incidents-table] tbody tr', { hasText: 'OA' }).locator('[data-test=chain-btn]').click()
      const drawer = page.locator('[data-test=chain-drawer]')
      const [acc] = await Promise.all([page.waitForEvent('download'), drawer.locator('[data-test=accountability-report]').click()])
      assert(/^inc-2026-03-责任追究报告\.pdf$/.test(acc.suggestedFilename()), `the accountability report: ${acc.suggestedFilename()}`)
      assert(readFileSync(await acc.path()).subarray(0, 5).toString() === '%PDF-', 'a PDF')
      await shot(page, 'reports-accountability')
      await page.keyboard.press('Escape')
      await nav(page, 'findings')
      const [xl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=findings-report-xlsx]').click()])
      assert(/^检查问题报告-\d{4}-\d{2}-\d{2}\.xlsx$/.test(xl.suggestedFilename()), `the findings workbook: ${xl.suggestedFilename()}`)
      await nav(page, 'org')
      await page.getByRole('tab', { name: '部门' }).click()
      const nic = page.locator('.el-table__body-wrapper tbody tr', { hasText: '网络信息中心' }).first()
      const [sc] = await Promise.all([page.waitForEvent('download'), nic.locator('[data-test=selfcheck-pdf]').click()])
      assert(/^网络信息中心-自查报告-\d{4}-\d{2}-\d{2}\.pdf$/.test(sc.suggestedFilename()), `the self-check: ${sc.suggestedFilename()}`)
      await shot(page, 'reports-selfcheck')
    }
  },
  {
    name: 'templates',
    title: "issue 14: the office edits the unit's own responsibility letter, previews a letter made from it and saves it as a policy draft",
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'documents')
      await page.locator('[data-test=templates-open]').click()
      const dlg = page.locator('[data-test=template-dialog]')
      const text = dlg.locator('textarea[data-test=template-text]')
      await text.waitFor()
      await page.waitForFunction(() => document.querySelector('textarea[data-test=template-text]').value.includes('title'))
      const tpl = JSON.parse(await text.inputValue())
      assert(tpl.title.includes('网络安全工作责任书'), `the shipped template: ${tpl.title}`)
      tpl.title = '{year}年度{department}网络安全目标责任书'
      await text.fill(JSON.stringify(tpl, null, 2))
      await pick(page, dlg.locator('[data-test=template-person]'), '周海涛') // heads 网络信息中心
      await dlg.locator('[data-test=template-preview]').click()
      await dlg.locator('[data-test=template-preview-img]').waitFor()
      await shot(page, 'template-preview')
      await dlg.locator('input[aria-label="修改理由（必填）"]').fill('本单位责任书标题')
      await dlg.locator('[data-test=template-save]').click()
      await page.locator('.el-message', { hasText: '已存为制度草案' }).waitFor()
      // The newest draft (other journeys may have left drafts of their own) carries the template.
      const r = await page.evaluate(async () => (await fetch('/api/v1/units/demo/policy-versions')).json())
      const drafts = (r.items || r).filter((v) => v.status === 'draft')
      assert(drafts.length >= 1, `a draft: ${JSON.stringify(r).slice(0, 300)}`)
      const newest = drafts.reduce((a, b) => (b.version > a.version ? b : a))
      const v = await page.evaluate(async (n) => (await fetch(`/api/v1/units/demo/policy-versions/${n}`)).json(), newest.version)
      const own = v.document.templates && v.document.templates.responsibility_letter
      assert(own && own.title === '{year}年度{department}网络安全目标责任书', `the draft keeps the unit's template: ${JSON.stringify(v.document.templates || null).slice(0, 200)}`)
    }
  },
  {
    name: 'federation',
    title: '西岭市第三诊所 runs its own zeren and reports up: the supervisor registers its key, a tampered package is refused saying why, the signed ones are verified, and the clinic stands in the ranking, in the trend (a point per package) and in the drill-down with its citations',
    async run({ page, base, expect }) {
      // A fixed day: the journey does not depend on today's date.
      const day = '2026-11-21'
      const z = ownZeren('xl-clinic3', '西岭市第三诊所', 'enterprise')
      const key = z('report', 'key')
      const pkg = (asOf) => {
        const f = path.join(z.dir, `r-${asOf}.pkg`)
        z('report', 'export', '--to', 'xiling', '--as-of', asOf, '-o', f)
        return f
      }
      const sept = pkg('2026-09-30')
      const nov = pkg(day)
      const bad = tampered(nov, z.dir)

      await login(page, base, 'supervisor', DEMO_PASSWORD)
      await field(page, 'sup-as-of').fill(day)
      await field(page, 'sup-as-of').press('Enter')
      await page.getByRole('button', { name: '搜索' }).click()
      await settle(page)
      await page.getByRole('tab', { name: '联邦报送' }).click()
      await page.locator('[data-test=fed-register-key]').click()
      const dlg = page.locator('[data-test=fed-key-dialog]')
      await dlg.waitFor()
      await dlg.locator('input[name=fed-key-org]').fill('xl-clinic3')
      await dlg.locator('input[name=fed-key-name]').fill('西岭市第三诊所')
      await dlg.locator('textarea[name=fed-key-text]').fill(key)
      await dlg.locator('[data-test=fed-key-save]').click()
      await page.locator('.el-message', { hasText: '公钥已登记' }).waitFor()
      await settle(page)
      await page.locator('[data-test=fed-keys] tbody tr', { hasText: 'xl-clinic3' }).waitFor()

      // One byte changed: refused, and the page says why.
      expect(403, '/api/v1/supervision/reports')
      const upload = page.locator('[data-test=fed-upload-report] input[type=file]')
      const result = page.locator('[data-test=fed-upload-result]')
      await upload.setInputFiles(bad)
      await result.filter({ hasText: '已拒绝' }).waitFor()
      assert((await result.innerText()).includes('包内容在签名后被改动'), `the refusal says the body was altered: ${await result.innerText()}`)
      await shot(page, 'supervision-federation-refused')
      await upload.setInputFiles(sept)
      await result.filter({ hasText: '截至 2026-09-30' }).waitFor()
      await settle(page)
      await upload.setInputFiles(nov)
      await result.filter({ hasText: `截至 ${day}` }).waitFor()
      await settle(page)
      const reported = page.locator('[data-test=fed-reports] tbody tr', { hasText: '西岭市第三诊所' })
      await reported.waitFor()
      assert((await reported.innerText()).includes(day), 'the last package is kept')
      await shot(page, 'supervision-federation')

      // In the ranking, marked reported, and its drill-down: the package's findings with citations.
      await page.getByRole('tab', { name: '下级单位排名' }).click()
      await page.locator('[data-test=reported-xl-clinic3]').waitFor()
      await page.locator('[data-test=drill-xl-clinic3]').click()
      await page.locator('[data-test=drill-drawer] [data-test=citation]').first().waitFor()
      await page.keyboard.press('Escape')
      await page.locator('[data-test=drill-drawer]').waitFor({ state: 'hidden' })

      // In the trend: one point per package, a gap in October.
      await page.getByRole('tab', { name: '近 12 个月趋势' }).click()
      await page.locator('[data-test=trend-gaps]').waitFor()
      const tr = await (await page.request.get(`${base}/api/v1/supervision/trend?as_of=${day}`)).json()
      const clinic = tr.units.find((u) => u.org === 'xl-clinic3')
      assert(clinic && clinic.reported, 'the clinic is in the trend')
      const points = tr.months.map((m, k) => [m.month, clinic.scores[k]]).filter(([, v]) => v !== null).map(([m]) => m)
      assert(points.join(',') === '2026-09,2026-11', `a point per package: ${points}`)
      await shot(page, 'supervision-trend-federated')
    }
  },
  {
    name: 'federation-unit',
    title: "the demo unit's office reports up on its own: sees its key's fingerprint, registers its supervisor's key, exports its signed report choosing what to share, and imports the supervisor's notice package (a tampered one refused); the school's office sees the inspections it received, each item's state and deadline linked to its 整改台账",
    async run({ page, base, expect }) {
      const day = '2026-11-23'
      const sup = ownZeren('sc-edu', '四川省教育厅', 'government')
      const supKey = sup('report', 'key')
      const notice = path.join(sup.dir, 'tb.pkg')
      sup('notice', 'package', '--to', 'demo', '--id', 'tb-e2e-fed', '--doc', '川教网信〔2026〕7号', '--title', '关于门户网站漏洞的通报',
        '--received', '2026-11-16', '--rectify-by', '2026-11-30', '-o', notice)
      const bad = tampered(notice, sup.dir)

      await login(page, base, 'office', DEMO_PASSWORD)
      await nav(page, 'federation')
      const fp = (await page.locator('[data-test=fed-fingerprint]').innerText()).trim()
      assert(/^[0-9a-f]{16}$/.test(fp), `the key's fingerprint is shown: ${fp}`)
      await page.locator('[data-test=fed-register-supervisor]').click()
      const dlg = page.locator('[data-test=fed-supervisor-dialog]')
      await dlg.waitFor()
      await dlg.locator('input[name=fed-sup-org]').fill('sc-edu')
      await dlg.locator('input[name=fed-sup-name]').fill('四川省教育厅')
      await dlg.locator('textarea[name=fed-sup-key]').fill(supKey)
      await dlg.locator('[data-test=fed-sup-save]').click()
      await page.locator('.el-message', { hasText: '公钥已登记' }).waitFor()
      await settle(page)
      await page.locator('[data-test=fed-supervisor-keys] tbody tr', { hasText: '四川省教育厅' }).waitFor()

      // The report: to the supervisor registered, its sections chosen; signed with the unit's key.
      await page.locator('[data-test=fed-export-include] label', { hasText: '人员' }).click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=fed-export-save]').click()])
      const head = readFileSync(await download.path(), 'utf8').split('\n')
      assert(head[0].startsWith('zeren-package/1 kind=report ') && head[0].includes(` key=${fp} `), `a signed report: ${head[0]}`)
      const body = JSON.parse(head.slice(1).join('\n'))
      assert(body.to === 'sc-edu' && body.facts.people && body.facts.systems, 'to the supervisor, with the sections chosen')

      expect(403, '/federation/notices')
      const upload = page.locator('[data-test=fed-import-notices] input[type=file]')
      const result = page.locator('[data-test=fed-import-result]')
      await upload.setInputFiles(bad)
      await result.filter({ hasText: '已拒绝' }).waitFor()
      await upload.setInputFiles(notice)
      await result.filter({ hasText: '四川省教育厅 下发的通报 1 份' }).waitFor()
      await settle(page)
      await shot(page, 'federation')
      const n = await (await page.request.get(`${base}/api/v1/units/demo/notices/tb-e2e-fed`)).json()
      assert(n.issuer === '四川省教育厅' && n.rectify_by === '2026-11-30', `the notice is the unit's: ${JSON.stringify(n).slice(0, 200)}`)
      await logout(page)

      // The school receives an inspection (recorded through the API: the inspection journey
      // drives its dialog) and finds it on its own page.
      await login(page, base, 'supervisor', DEMO_PASSWORD)
      const csrf = (await (await page.request.get(`${base}/api/v1/session`)).json()).csrf_token
      const r = await page.request.post(`${base}/api/v1/supervision/inspections`, {
        headers: { 'X-CSRF-Token': csrf },
        data: { id: 'jc-e2e-unit', unit: 'xl-school', on: day, scope: '网络安全责任制落实情况专项检查', inspectors: '王磊',
          items: [{ title: '未按期开展等级保护测评', basis: '第四条(二)', department: 'xs-info', due_on: '2026-12-31' },
            { title: '日志留存不足六个月', department: 'xs-info' }] }
      })
      assert(r.status() === 201, `the inspection is recorded: ${r.status()}`)
      await logout(page)
      await login(page, base, 'office.school', DEMO_PASSWORD)
      await page.goto(`${base}/inspections`)
      await settle(page)
      await field(page, 'as-of').fill(day)
      await field(page, 'as-of').press('Enter')
      await settle(page)
      const row = page.locator('[data-test=unit-inspections] .el-table__body-wrapper tbody tr', { hasText: '专项检查' }).first()
      await row.waitFor()
      await row.locator('.el-table__expand-icon').click()
      const items = page.locator('[data-test=unit-inspection-items]:visible').first()
      await items.locator('tr', { hasText: '2026-12-31' }).waitFor()
      assert((await items.innerText()).includes('按制度期限'), "the undated item is due by the unit's policy")
      await shot(page, 'inspections-received')
      await items.locator('[data-test=goto-jc-e2e-unit-1]').click()
      await page.waitForURL((u) => u.pathname === '/rectifications')
      await settle(page)
      await page.locator('[data-test=rect-table] .el-table__body-wrapper tbody tr', { hasText: '未按期开展等级保护测评' }).waitFor()
    }
  },
  {
    name: 'unit-config',
    title: "issue 22 字典管理/参数设置/通知公告: the office adds an incident category and the incident form offers it, sets the dashboard's horizon, publishes an announcement that staff see on the dashboard and in the bell",
    async run({ page, base, passwords }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      // 字典管理: an incident category of the unit's own
      await nav(page, 'dictionary')
      await page.locator('[data-dict=incident_category]').click()
      await page.locator('[data-test=dict-add]').click()
      const dd = page.locator('[data-test=dict-dialog]')
      await field(dd, 'dict-value').fill('钓鱼邮件')
      await dd.locator('[data-test=dict-save]').click()
      await page.locator('.el-message--success').waitFor()
      await page.locator('[data-test=dict-entries] tbody tr', { hasText: '钓鱼邮件' }).waitFor()
      // a closed list says it cannot take new values
      await page.locator('[data-dict=agreement_kind]').click()
      assert((await page.locator('[data-test=dict-add]').count()) === 0, 'no add on a closed list')
      await page.locator('[data-dict=incident_category]').click()
      await shot(page, 'dictionary')
      // the incident form offers it
      await nav(page, 'incidents')
      await page.locator('[data-test=add-incident]').click()
      const idlg = page.locator('[data-test=incident-dialog]')
      await idlg.locator('[data-test=incident-category]').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '钓鱼邮件' }).first().click()
      const chosen = await idlg.locator('[data-test=incident-category]').innerText()
      assert(chosen.includes('钓鱼邮件'), `the category chosen from the dictionary: ${chosen}`)
      await shot(page, 'incident-category')
      await idlg.getByRole('button', { name: '取消' }).click()

      // 参数设置: the dashboard lists 14 days of deadlines
      await nav(page, 'unitSettings')
      const days = field(page, 'setting-dashboard-deadline_days')
      await days.fill('14')
      await days.press('Tab')
      await page.locator('[data-test=setting-save-dashboard-deadline_days]').click()
      await page.locator('.el-message--success').waitFor()
      const st = await page.locator('[data-test=settings-table]').innerText()
      assert(st.includes('工作台期限天数') && !st.includes('settingKey') && !st.includes('deadline_days'), `settings by their Chinese names: ${st}`)
      await shot(page, 'settings')

      // 通知公告: drafted, then published
      const title = '关于开展网络安全宣传周活动的通知'
      await nav(page, 'announcements')
      await page.locator('[data-test=announce-add]').click()
      const adlg = page.locator('[data-test=announce-dialog]')
      await field(adlg, 'announce-title').fill(title)
      await adlg.locator('textarea[data-test=announce-body], [data-test=announce-body] textarea').first().fill('各部门：\n请组织本部门人员参加网络安全宣传周活动。')
      await adlg.locator('[data-test=announce-save]').click()
      const row = page.locator('[data-test=announce-table] tbody tr', { hasText: title })
      await row.filter({ hasText: '草稿' }).waitFor()
      await row.locator('[data-test=announce-publish]').click()
      await row.filter({ hasText: '已发布' }).waitFor()
      await shot(page, 'announcements')
      await nav(page, 'dashboard')
      const head = await page.locator('.section-title', { hasText: '天期限' }).first().innerText()
      assert(head.includes('14'), `the dashboard's horizon from the settings: ${head}`)
      await logout(page)

      // staff see it on the dashboard, unread, and in the bell; opening it marks it read
      await login(page, base, 'staff', passwords.secadmin ? NEW_PASSWORD : DEMO_PASSWORD)
      const card = page.locator('[data-test=announcements-card]')
      await card.waitFor()
      const item = card.locator('[data-test=announcement]', { hasText: title })
      assert((await item.innerText()).includes('新'), 'unread at first')
      await page.locator('[data-test=bell]').click()
      await page.locator('[data-test=bell-item]', { hasText: title }).waitFor()
      await page.keyboard.press('Escape')
      await shot(page, 'dashboard-announcement')
      await item.click()
      await page.locator('[data-test=announcement-dialog]', { hasText: '宣传周' }).waitFor()
      await page.locator('[data-test=announcement-dialog] .el-dialog__footer button').click()
      await settle(page)
      assert(!(await item.innerText()).includes('新'), 'read once opened')
    }
  },
  {
    name: 'ui-import-systems',
    title: 'issue 22: systems from the Excel template, good and bad rows — a preview of what is added and changed, the errors in Chinese, nothing written before 确认导入; then the systems are listed',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'systems', 'systems-import', 'import-systems')
      const header = ['编号', '系统名称', '主管部门', '等保级别', '所属项目', '备案编号', '备案日期', '上次测评', '关键信息基础设施', '门户网站', '上线日期', '下线日期']
      const file = await sheetFile('信息系统导入-e2e.xlsx', header, [
          ['（示例行，导入时跳过）', '示例系统', '网络信息中心', '2'],
          ['XT-E2E-1', '导入测试系统甲', '网络信息中心', '2', '', 'BA-E2E-1', '', '', '否', '否', '2026-01-05'],
          ['', '导入测试系统乙', '财务处', '1', '', '', '', '', '', '是', '2026/2/1'],
          ['XT-E2E-3', '部门不存在系统', '不存在处', '1'],
          ['XT-E2E-4', '等级不对系统', '财务处', '7'],
          ['XT-E2E-5', '日期不对系统', '财务处', '1', '', '', '2026-13-45'],
          ['XT-E2E-6', '', '财务处', '1'],
          ['XT E2E 7', '编号有空格系统', '财务处', '1']
      ])
      await dlg.locator('input[type=file]').setInputFiles(file)
      const summary = dlg.locator('[data-test=import-summary]')
      await summary.waitFor()
      await settle(page)
      const said = await summary.innerText()
      assert(/将新增 2 条、修改 0 条，5 行有错误/.test(said), `the preview counts: ${said}`)
      const res = await dlg.locator('[data-test=import-results] tbody').innerText()
      const lines = res.split('\n').join(' ')
      assert(!res.includes('示例系统'), `the sample row is skipped: ${lines}`)
      assert(/导入测试系统甲[\s\S]*将新增/.test(res) && /（自动生成）[\s\S]*导入测试系统乙/.test(res), `two to add, one id to be made: ${lines}`)
      for (const why of ['本单位没有部门「不存在处」', '等保级别应为数字（1～5）：7', '备案日期应为 YYYY-MM-DD：2026-13-45', '请填写「系统名称」', '编号不能含空格：「XT E2E 7」']) assert(res.includes(why), `refused in Chinese, "${why}": ${lines}`)
      assert(!/[A-Za-z]{4,}/.test(res.replace(/XT[- ]E2E[- ]\d|YYYY-MM-DD/g, '')), `no English in the results: ${lines}`)
      let r = await page.evaluate(async () => (await fetch('/api/v1/units/demo/systems?per_page=200&q=' + encodeURIComponent('导入测试'))).json())
      assert(r.items.length === 0, `nothing written before 确认导入: ${JSON.stringify(r.items)}`)
      await shot(page, 'systems-import-preview')
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 2 行' }).waitFor()
      await settle(page)
      r = await page.evaluate(async () => (await fetch('/api/v1/units/demo/systems?per_page=200&q=' + encodeURIComponent('导入测试'))).json())
      const got = Object.fromEntries(r.items.map((x) => [x.name, x]))
      assert(got['导入测试系统甲'] && got['导入测试系统甲'].id === 'XT-E2E-1' && got['导入测试系统甲'].owner_department === 'nic' && got['导入测试系统甲'].mlps_level === 2, `甲 imported: ${JSON.stringify(got)}`)
      assert(got['导入测试系统乙'] && got['导入测试系统乙'].in_service === '2026-02-01' && got['导入测试系统乙'].public_website === true, `乙 imported with its date and flag: ${JSON.stringify(got)}`)
      // The same id again: a change, said with the fields it changes.
      const again = await sheetFile('信息系统导入-e2e-修改.xlsx', header, [['XT-E2E-1', '导入测试系统甲', '网络信息中心', '3', '', '', '', '', '否', '否', '2026-01-05']])
      await dlg.locator('input[type=file]').setInputFiles(again)
      await dlg.locator('[data-test=import-summary]', { hasText: '修改 1 条' }).waitFor()
      const upd = await dlg.locator('[data-test=import-results] tbody').innerText()
      assert(/将修改：等保级别/.test(upd), `the change names its field: ${upd}`)
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 1 行' }).waitFor()
      await page.keyboard.press('Escape')
      await settle(page)
      const listed = await page.locator('[data-test=systems-table] .el-table__body-wrapper tbody').innerText()
      assert(listed.includes('导入测试系统甲') && listed.includes('导入测试系统乙'), 'the imported systems are listed')
      let x = await page.evaluate(async () => (await fetch('/api/v1/units/demo/systems/XT-E2E-1')).json())
      assert(x.mlps_level === 3 && x.filing_no === 'BA-E2E-1', `the update written, the empty 备案编号 kept: ${JSON.stringify(x)}`)
      // A row filled in part: its empty cells keep what is stored (上线日期, 主管部门, 等保级别 …);
      // 清空 clears a value.
      await page.locator('[data-test=systems-import]').click()
      await dlg.waitFor()
      const part = await sheetFile('信息系统导入-e2e-部分.xlsx', header, [['XT-E2E-1', '导入测试系统甲', '', '', '', '清空', '', '2026-10-01']])
      await dlg.locator('input[type=file]').setInputFiles(part)
      await dlg.locator('[data-test=import-summary]', { hasText: '修改 1 条' }).waitFor()
      assert((await dlg.locator('[data-test=import-summary]').innerText()).includes('留空的保持原值不变'), 'the preview says what an empty cell does')
      const partial = await dlg.locator('[data-test=import-results] tbody').innerText()
      assert(/将修改：备案编号（清空）、上次测评\s*$/.test(partial.trim()), `only the filled cells change: ${partial}`)
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 1 行' }).waitFor()
      x = await page.evaluate(async () => (await fetch('/api/v1/units/demo/systems/XT-E2E-1')).json())
      assert(x.in_service === '2026-01-05' && x.owner_department === 'nic' && x.mlps_level === 3 && x.critical_infrastructure === false, `the empty cells kept the stored values: ${JSON.stringify(x)}`)
      assert(x.last_assessed_on === '2026-10-01' && !x.filing_no, `the filled cell written, 清空 cleared: ${JSON.stringify(x)}`)
    }
  },
  {
    name: 'ui-dashboards',
    title: 'issue 22 item 8: each role\'s 工作台 shows what that role acts on — the leader what awaits approval and where the unit stands, the system administrator the accounts, the security administrator the grants, the audit administrator the chain and the refusals',
    async run({ page, base, passwords }) {
      assert(passwords.sysadmin && passwords.secadmin && passwords.auditor, 'the password, approvals and auditor journeys ran first')
      await login(page, base, 'leader', DEMO_PASSWORD)
      await page.goto(`${base}/dashboard?as_of=2026-11-21`)
      await settle(page)
      const lead = page.locator('[data-test=leader-dashboard]')
      await lead.waitFor()
      for (const k of ['approvals', 'unsigned', 'overdue-notices', 'late-incidents']) assert(await lead.locator(`[data-test=stat-${k}]`).isVisible(), `the leader's ${k} counter`)
      assert(await lead.locator('[data-test=leader-evaluation]').isVisible(), 'the evaluation standing')
      assert(await page.locator('[data-test=stat-error]').isVisible(), 'and the unit\'s findings by severity')
      await shot(page, 'dashboard-leader')
      await logout(page)
      await login(page, base, 'office', DEMO_PASSWORD)
      assert((await page.locator('[data-test=leader-dashboard]').count()) === 0, 'the office has no leader\'s part')
      await logout(page)

      await login(page, base, 'sysadmin', passwords.sysadmin)
      await page.locator('[data-test=home-sysadmin]').waitFor()
      await settle(page)
      assert(Number(await page.locator('[data-test=stat-accounts] .stat-num').innerText()) >= 8, 'the accounts counted')
      assert(await page.locator('[data-test=locked-accounts]').isVisible() && await page.locator('[data-test=recent-logins]').isVisible(), 'locked accounts and sign-ins')
      assert((await page.locator('[data-test=home-auditor], [data-test=home-secadmin]').count()) === 0, 'only the system administrator\'s part')
      await shot(page, 'dashboard-sysadmin')
      await logout(page)

      await login(page, base, 'secadmin', passwords.secadmin)
      await page.locator('[data-test=home-secadmin]').waitFor()
      await settle(page)
      assert(Number(await page.locator('[data-test=stat-granted] .stat-num').innerText()) >= 5, 'the accounts holding roles counted')
      assert((await page.locator('[data-test=home-sysadmin], [data-test=home-auditor]').count()) === 0, 'only the security administrator\'s part')
      await shot(page, 'dashboard-secadmin')
      await logout(page)

      await login(page, base, 'auditor', passwords.auditor)
      await page.locator('[data-test=chain-state]', { hasText: '审计链完整' }).waitFor()
      await settle(page)
      assert(Number(await page.locator('[data-test=stat-records] .stat-num').innerText()) > 0, 'the audit records counted')
      assert(Number(await page.locator('[data-test=stat-refused] .stat-num').innerText()) > 0, 'earlier journeys\' refusals counted')
      const priv = await page.locator('[data-test=privileged-changes] tbody').innerText()
      assert(priv.trim() && !/\baccount\.[a-z_]+/.test(priv), `privileged changes in words: ${priv.slice(0, 200)}`)
      await shot(page, 'dashboard-auditor')
    }
  },
  {
    name: 'rectify-own',
    title: 'issue 22: the staff member a finding is assigned to rectifies it themselves (notes), and may not close it; the office still verifies',
    async run({ page, base, passwords }) {
      const day = '2026-11-21'
      await login(page, base, 'office', DEMO_PASSWORD)
      await page.goto(`${base}/findings?as_of=${day}`)
      await settle(page)
      const finding = page.locator('[data-test=findings-table] .el-table__body-wrapper tbody tr', { hasText: '唐国强（教务处部门负责人）不是网络安全和信息化领导小组成员' })
      await finding.locator('[data-test=finding-rectify]').click()
      const dlg = page.locator('[data-test=assign-dialog]')
      await dlg.waitFor()
      await pick(page, dlg.locator('[data-test=assign-person]'), '邱敏')
      await dlg.locator('[data-test=assign-save]').click()
      await page.locator('.el-message', { hasText: '已交办' }).waitFor()
      await logout(page)

      // staff is linked to 邱敏: the item is theirs to rectify.
      await login(page, base, 'staff', passwords.secadmin ? NEW_PASSWORD : DEMO_PASSWORD)
      await page.goto(`${base}/rectifications?as_of=${day}`)
      await settle(page)
      const item = page.locator('[data-test=rect-table] .el-table__body-wrapper tbody tr', { hasText: '唐国强' })
      await item.locator('.el-tag', { hasText: '整改中' }).waitFor()
      await item.locator('[data-test=rect-rectify]').click()
      const rd = page.locator('[data-test=rect-dialog]')
      await rd.waitFor()
      await rd.locator('textarea[data-test=rect-text], [data-test=rect-text] textarea').first().fill('已提请学校调整领导小组成员，增补教务处负责人')
      await rd.locator('[data-test=rect-save]').click()
      await rd.waitFor({ state: 'hidden' })
      await settle(page)
      await item.locator('.el-tag', { hasText: '已整改待验证' }).waitFor()
      assert((await item.locator('[data-test=rect-verify]').count()) === 0, 'the person assigned does not close')
      await shot(page, 'rectifications-staff')
      await logout(page)

      await login(page, base, 'office', DEMO_PASSWORD)
      await page.goto(`${base}/rectifications?as_of=${day}`)
      await settle(page)
      await item.locator('[data-test=rect-verify]').waitFor()
      assert((await item.innerText()).includes('邱敏'), 'the office sees who rectified it')
    }
  },
  {
    name: 'ui-import-appointments',
    title: 'issue 22: appointments from Excel — a seat added, an existing appointment and unknown names refused in the preview, in Chinese',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'people', 'import-appointments-btn', 'import-appointments')
      const header = ['编号', '人员', '岗位', '岗位所在部门', '岗位所在系统', '机构', '机构席位', '任职起始日期', '任职截止日期', '专职']
      const existing = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/appointments?per_page=200')).json()).items.find((a) => a.body === 'lg' && a.seat === 'leader'))
      const file = await sheetFile('任职导入-e2e.xlsx', header, [['', '唐国强', '', '', '', '网络安全和信息化领导小组', '成员', '2026-11-22'], [existing.id, existing.person_name, '', '', '', '网络安全和信息化领导小组', '组长', existing.from],
        ['', '不存在的人', '', '', '', '网络安全和信息化领导小组', '成员', '2026-11-22'], ['', '唐国强', '不存在的岗位', '', '', '', '', '2026-11-22']])
      await dlg.locator('input[type=file]').setInputFiles(file)
      const summary = dlg.locator('[data-test=import-summary]')
      await summary.waitFor()
      await settle(page)
      assert(/将新增 1 条、修改 0 条，3 行有错误/.test(await summary.innerText()), `the preview counts: ${await summary.innerText()}`)
      const res = await dlg.locator('[data-test=import-results] tbody').innerText()
      for (const why of ['任职只能新增', '本单位没有人员「不存在的人」', '岗位「不存在的岗位」不是可选值']) assert(res.includes(why), `refused in Chinese, "${why}": ${res}`)
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 1 行' }).waitFor()
      const lg = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/bodies?as_of=2026-11-22')).json()).items.find((b) => b.id === 'lg'))
      assert(lg.seats.member.some((m) => m.name === '唐国强'), `唐国强 holds a seat of the leading group: ${JSON.stringify(lg.seats.member)}`)
    }
  },
  {
    name: 'ui-import-duties',
    title: 'issue 22: duties done from Excel — the year\'s meeting recorded, an unknown duty and an impossible date refused in the preview, in Chinese',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'obligations', 'duties-import', 'import-obligations')
      const file = await sheetFile('定期工作导入-e2e.xlsx', ['定期工作', '周期', '部门', '完成日期', '完成人', '备注'], [['网络安全专题会议', '2026', '', '2026-11-20', '赵磊', '导入：年度专题会议'],
        ['不存在的工作', '2026', '', '2026-11-20'], ['网络安全专题会议', '2026', '', '2026-02-30'], ['网络安全专题会议', '2026', '', '2026-11-20']])
      await dlg.locator('input[type=file]').setInputFiles(file)
      await dlg.locator('[data-test=import-summary]').waitFor()
      await settle(page)
      const res = await dlg.locator('[data-test=import-results] tbody').innerText()
      for (const why of ['定期工作「不存在的工作」不是可选值', '完成日期应为 YYYY-MM-DD：2026-02-30', '与第 2 行是同一条记录']) assert(res.includes(why), `refused in Chinese, "${why}": ${res}`)
      assert(/将新增|将修改/.test(res), `the good row is to be written: ${res}`)
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 1 行' }).waitFor()
      const r = await page.evaluate(async () => (await fetch('/api/v1/units/demo/obligations?obligation=meeting.annual&as_of=2026-11-21&per_page=50')).json())
      const y = r.items.find((o) => o.period === '2026')
      assert(y && y.status === 'done' && y.done_on === '2026-11-20' && y.notes === '导入：年度专题会议', `the meeting recorded: ${JSON.stringify(y)}`)
    }
  },
  {
    name: 'ui-import-bodies',
    title: 'issue 22: bodies from Excel — a working group added, an unknown kind refused in the preview; the org chart shows it',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'org', 'bodies-import', 'import-bodies')
      const file = await sheetFile('机构导入-e2e.xlsx', ['编号', '机构名称', '机构类型', '成立日期', '撤销日期'], [['', '数据安全工作组', '工作组', '2026-11-01'], ['', '不知何类小组', '委员会', '2026-11-01']])
      await dlg.locator('input[type=file]').setInputFiles(file)
      await dlg.locator('[data-test=import-summary]').waitFor()
      const res = await dlg.locator('[data-test=import-results] tbody').innerText()
      assert(res.includes('机构类型「委员会」不是可选值') && /数据安全工作组[\s\S]*将新增/.test(res), `the preview: ${res}`)
      await dlg.locator('[data-test=import-confirm]').click()
      await dlg.locator('[data-test=import-summary]', { hasText: '导入完成：成功 1 行' }).waitFor()
      const r = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/bodies?as_of=2026-11-21')).json()).items)
      assert(r.some((b) => b.name === '数据安全工作组' && b.kind === 'working_group'), `the body imported: ${JSON.stringify(r.map((b) => b.name))}`)
    }
  },
  {
    name: 'ui-import-agreements',
    title: 'issue 22: agreements from Excel — one added, one renewed, an unknown person, an impossible date and a kind not in the list refused in the preview, in Chinese; then written',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'agreements', 'agreements-import', 'import-agreements')
      // the demo's dates follow today's: the renewal is made from the record as stored
      const fanglin = () => page.evaluate(async () => (await (await fetch('/api/v1/units/demo/agreements?per_page=200&person=p-fanglin')).json()).items.find((a) => a.id === 'na-fanglin-2024'))
      const fl0 = await fanglin()
      const renewed = `${Number(fl0.to.slice(0, 4)) + 1}${fl0.to.slice(4)}`
      const file = await sheetFile('协议导入-e2e.xlsx', ['编号', '签署人', '协议类型', '生效日期', '到期日期', '签署日期'], [
        ['（示例行，导入时跳过）', '张三', '网络安全工作责任书', '2026-11-01'],
        ['', '唐国强', '保密协议', '2026-11-01', '', '2026-10-30'],
        ['na-fanglin-2024', '方琳', '联网安全保密责任书', fl0.from, renewed, ''],
        ['', '不存在的人', '保密协议', '2026-11-01'],
        ['', '唐国强', '保密协议', '2026-11-31'],
        ['', '唐国强', '劳动合同', '2026-11-01']
      ])
      const [summary, res] = await previewImport(page, dlg, file)
      assert(/将新增 1 条、修改 1 条，3 行有错误/.test(summary), `the preview counts: ${summary}`)
      assert(/唐国强[\s\S]*将新增/.test(res) && /na-fanglin-2024[\s\S]*将修改：到期日期\s*\n/.test(res), `one added, one changed in its end date alone: ${res}`)
      for (const why of ['本单位没有人员「不存在的人」', '生效日期应为 YYYY-MM-DD：2026-11-31', '协议类型「劳动合同」不是可选值']) assert(res.includes(why), `refused in Chinese, "${why}": ${res}`)
      let mine = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/agreements?per_page=200&person=p-tangguoqiang')).json()).items)
      assert(!mine.some((a) => a.from === '2026-11-01'), `nothing written before 确认导入: ${JSON.stringify(mine)}`)
      await shot(page, 'agreements-import-preview')
      await confirmImport(page, dlg, 2)
      mine = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/agreements?per_page=200&person=p-tangguoqiang')).json()).items)
      assert(mine.some((a) => a.kind === 'confidentiality' && a.from === '2026-11-01' && a.signed_on === '2026-10-30'), `唐国强's agreement added: ${JSON.stringify(mine)}`)
      const fl = await fanglin()
      assert(fl.to === renewed && fl.signed_on === fl0.signed_on && fl.signed_on, `方琳's renewed, her signing day kept: ${JSON.stringify(fl)}`)
    }
  },
  {
    name: 'ui-import-incidents',
    title: 'issue 22: incidents from Excel — one added, one given its summary day, an unknown system, an impossible time and a grade not in the list refused in the preview, in Chinese; then written',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'incidents', 'incidents-import', 'import-incidents')
      const header = ['编号', '事件名称', '涉及系统', '类别', '级别', '发生时间', '发现时间', '报告时间', '处置完成', '中断时长(小时)', '个人信息泄露(条)', '总结报告提交']
      const file = await sheetFile('安全事件导入-e2e.xlsx', header, [
        ['', '导入测试事件：门户网站页面被篡改', '学校门户网站', '网页篡改', '一般', '2026-11-18 09:30', '2026-11-18 10:00', '2026-11-18 12:00', '2026-11-18 16:00', '6'],
        ['inc-2026-01', '邮件系统弱口令账号被盗用发送垃圾邮件', '电子邮件系统', '', '', '', '', '', '', '', '', '2026-11-20'],
        ['', '系统不存在事件', '不存在的系统', '', '', '2026-11-18 09:30'],
        ['', '时间不对事件', '协同办公系统（OA）', '', '', '2026-11-18 25:00'],
        ['', '级别不对事件', '协同办公系统（OA）', '', '特大', '2026-11-18 09:30']
      ])
      const before = await page.evaluate(async () => (await fetch('/api/v1/units/demo/incidents/inc-2026-01')).json())
      const [summary, res] = await previewImport(page, dlg, file)
      assert(/将新增 1 条、修改 1 条，3 行有错误/.test(summary), `the preview counts: ${summary}`)
      assert(/门户网站页面被篡改[\s\S]*将新增/.test(res) && /inc-2026-01[\s\S]*将修改：总结报告提交\s*\n/.test(res), `one added, one changed in its summary day alone: ${res}`)
      for (const why of ['本单位没有信息系统「不存在的系统」', '发生时间应为“YYYY-MM-DD HH:MM”：2026-11-18 25:00', '级别「特大」不是可选值']) assert(res.includes(why), `refused in Chinese, "${why}": ${res}`)
      await shot(page, 'incidents-import-preview')
      await confirmImport(page, dlg, 2)
      const listed = await page.locator('[data-test=incidents-table] .el-table__body-wrapper tbody').innerText()
      assert(listed.includes('导入测试事件：门户网站页面被篡改'), `the incident is listed: ${listed.slice(0, 300)}`)
      const r = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/incidents?per_page=200')).json()).items)
      const got = r.find((i) => i.title === '导入测试事件：门户网站页面被篡改')
      assert(got && got.system === 'portal' && got.grade === 'general' && got.occurred_at === '2026-11-18T09:30:00+08:00' && got.outage_hours === 6, `the incident written: ${JSON.stringify(got)}`)
      const upd = r.find((i) => i.id === 'inc-2026-01')
      assert(upd.summary_on === '2026-11-20' && upd.occurred_at === before.occurred_at && upd.category === before.category && upd.system === 'mail', `the summary day written, the rest kept: ${JSON.stringify(upd)}`)
    }
  },
  {
    name: 'ui-import-notices',
    title: 'issue 22: notices from Excel — one added, one rectified, an unknown system, an impossible date and a missing issuer refused in the preview, in Chinese; then written',
    async run({ page, base }) {
      await login(page, base, 'office', DEMO_PASSWORD)
      const dlg = await openImport(page, 'notices', 'notices-import', 'import-notices')
      const header = ['编号', '通报标题', '通报单位', '文号', '涉及系统', '收到日期', '整改完成', '反馈日期', '反馈内容']
      const tb = await page.evaluate(async () => (await fetch('/api/v1/units/demo/notices/tb-2026-17')).json()) // its dates follow today's
      assert(!tb.rectified_on, `the demo's notice is open: ${JSON.stringify(tb)}`)
      const file = await sheetFile('通报导入-e2e.xlsx', header, [
        ['', '关于导入测试系统弱口令的通报', '西岭市委网信办', '西网信通〔2026〕30号', '协同办公系统（OA）、电子邮件系统', '2026-11-20'],
        ['tb-2026-17', tb.title, tb.issuer, '', '', tb.received_on, tb.received_on],
        ['', '系统不存在通报', '西岭市委网信办', '', '不存在的系统', '2026-11-20'],
        ['', '日期不对通报', '西岭市委网信办', '', '', '2026/13/1'],
        ['', '没有通报单位的通报', '', '', '', '2026-11-20']
      ])
      const [summary, res] = await previewImport(page, dlg, file)
      assert(/将新增 1 条、修改 1 条，3 行有错误/.test(summary), `the preview counts: ${summary}`)
      assert(/导入测试系统弱口令[\s\S]*将新增/.test(res) && /tb-2026-17[\s\S]*将修改：整改完成\s*\n/.test(res), `one added, one changed in its rectification day alone: ${res}`)
      for (const why of ['本单位没有信息系统「不存在的系统」', '收到日期应为 YYYY-MM-DD：2026/13/1', '请填写「通报单位」']) assert(res.includes(why), `refused in Chinese, "${why}": ${res}`)
      await shot(page, 'notices-import-preview')
      await confirmImport(page, dlg, 2)
      const listed = await page.locator('[data-test=notices-table] .el-table__body-wrapper tbody').innerText()
      assert(listed.includes('关于导入测试系统弱口令的通报'), `the notice is listed: ${listed.slice(0, 300)}`)
      const r = await page.evaluate(async () => (await (await fetch('/api/v1/units/demo/notices?per_page=200')).json()).items)
      const got = r.find((n) => n.title === '关于导入测试系统弱口令的通报')
      assert(got && got.received_on === '2026-11-20' && JSON.stringify(got.systems) === '["oa","mail"]' && got.document_no === '西网信通〔2026〕30号', `the notice written: ${JSON.stringify(got)}`)
      const upd = r.find((n) => n.id === 'tb-2026-17')
      assert(upd.rectified_on === tb.received_on && upd.document_no === tb.document_no && upd.document_no && JSON.stringify(upd.systems) === '["portal"]', `rectified, the rest kept: ${JSON.stringify(upd)}`)
    }
  }
]
