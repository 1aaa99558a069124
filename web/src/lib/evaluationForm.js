// The policy's "evaluation" section (data/policy/README.md 考核指标) as the indicator editor
// edits it, and the same section rebuilt from the indicators the server reports, to start a
// unit's own set from the one in force.

export const MEASURES = ['findings', 'duties_overdue', 'duties_on_time', 'notices_late', 'incidents_late', 'incidents_repeat', 'incidents']
export const SCORINGS = ['auto', 'manual', 'veto']
export const APPLIES = ['department', 'unit', 'supervised_unit']
export const GRADES = ['general', 'relatively_major', 'major', 'especially_major']

// Which list of ids a measure names: rules for findings, obligations for duties, none else.
export const idsKey = (of) => (of === 'findings' || of === 'incidents_repeat' ? 'rules' : of === 'duties_overdue' || of === 'duties_on_time' ? 'obligations' : null)

function measureFrom(m, veto = false) {
  const out = { of: m.of }
  const key = idsKey(m.of)
  if (key && m.ids && m.ids.length) out[key] = [...m.ids]
  if (m.of === 'findings' && m.per === 'day') out.per = 'day'
  if (m.of === 'findings' && m.severity && m.severity !== 'error') out.severity = m.severity
  if (m.of === 'incidents' && m.min_grade) out.min_grade = m.min_grade
  if (!veto) out.points = m.points
  if (m.max) out.max = m.max
  return out
}

const title = (x) => (x.title_en ? { zh: x.title, en: x.title_en } : { zh: x.title })

// GET /units/{org}/evaluation/indicators → the section in the policy's own format.
export function sectionFromIndicators(reply) {
  if (!reply) return null
  const all = reply.indicators || []
  const item = (x) => {
    const out = { id: x.id, title: title(x), marks: x.marks, applies_to: x.applies_to, scoring: x.scoring }
    if (x.scoring === 'veto') {
      delete out.marks
      out.veto = measureFrom(x.veto, true)
    }
    if (x.deduct && x.deduct.length) out.deduct = x.deduct.map((m) => measureFrom(m))
    if (x.award && x.award.length) out.award = x.award.map((m) => measureFrom(m))
    if (x.guide) out.guide = x.guide
    out.citations = (x.citations || []).map((c) => ({ ...c }))
    return out
  }
  return {
    objection_workdays: reply.objection_workdays,
    grades: (reply.grades || []).map((g) => ({ id: g.id, name: g.name_en ? { zh: g.name, en: g.name_en } : { zh: g.name }, min: g.min })),
    indicators: all.filter((x) => !x.parent).map((g) => ({ id: g.id, title: title(g), children: all.filter((x) => x.parent === g.id).map(item) }))
  }
}

// A measure's ids typed as "a, b" and back.
export const idsText = (m) => ((m && m[idsKey(m.of)]) || []).join(', ')
export function setIds(m, text) {
  for (const k of ['rules', 'obligations']) delete m[k]
  const key = idsKey(m.of)
  const ids = text.split(/[,，\s]+/).filter(Boolean)
  if (key && ids.length) m[key] = ids
}
