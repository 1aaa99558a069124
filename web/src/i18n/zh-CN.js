export default {
  app: { name: 'zeren 责任', title: '网络安全工作责任制平台', platform: '平台管理', threeAdmins: '三员' },
  // Issue 22: the server's refusals in our own words (lib/errors.js), fields by their labels.
  errors: {
    reason: {
      missing: '请填写「{field}」', empty: '「{field}」不能为空', not_a_string: '「{field}」应为文字', too_long: '「{field}」太长',
      bad_date: '「{field}」应为日期（年-月-日）', unknown_ref: '所选「{field}」不存在', unknown_value: '「{field}」不是可选的值',
      unknown_field: '不认识的字段「{field}」', duplicate_id: '「{field}」与另一条记录重复', id_taken: '「{field}」已被其他单位的记录使用'
    },
    code: {
      invalid: '「{field}」填写有误', bad_parameter: '查询条件「{field}」有误', bad_json: '请求格式有误', unauthenticated: '请先登录',
      bad_credentials: '账号或密码错误', account_disabled: '账号已停用', forbidden: '无权访问', out_of_scope: '不在您的数据权限内',
      csrf: '页面已过期，请刷新后重试', password_change_required: '请先修改初始密码', not_found: '找不到该记录', method_not_allowed: '不支持此操作',
      conflict: '与已有记录冲突', own_account: '不能停用自己的账号', own_roles: '不能修改自己的角色', separation_of_duties: '违反三员分立',
      too_large: '内容太大', unsupported_media_type: '不支持此文件类型', wrong_password: '当前密码错误', weak_password: '新密码太弱',
      internal: '服务器内部错误', too_many_sign_ins: '登录尝试过于频繁，请稍后再试', sign_in_locked: '已暂时锁定，请稍后再试'
    }
  },
  fields: {
    id: '编号', name: '名称', department: '部门', person: '人员', post: '岗位', system: '系统', systems: '涉及系统', from: '起始日期', to: '结束日期',
    background_check: '背景审查', title: '标题', issuer: '通报单位', doc_no: '文号', received_on: '收到日期', deadline: '整改期限',
    rectified_on: '整改完成', feedback_on: '反馈日期', owner: '责任部门', grade: '等级', username: '账号', display_name: '姓名', roles: '角色',
    occurred_at: '发生时间', detected_at: '发现时间', reported_at: '报告时间', resolved_at: '处置完成', category: '类别', parent: '上级部门',
    signed_on: '签署日期', expires_on: '到期日期', kind: '类型', evidence: '证明材料', acknowledge: '确认', org: '单位', as_of: '截至日期'
  },
  layout: { fold: '收起菜单', expand: '展开菜单', language: '切换语言', account: '账号菜单' },
  auditAction: { session_login: '登录', session_logout: '退出登录', session_revoke: '强制下线', request_refused: '请求被拒绝' },
  auditKind: {
    person: '人员', department: '部门', system: '信息系统', agreement: '协议', body: '机构', unit: '单位', account: '账号', session: '登录',
    appointment: '任职', incident: '安全事件', notice: '通报', obligation: '定期工作', evidence: '证明材料', calendar: '工作日历',
    audit: '审计日志', request: '请求', change: '数据', import: '导入', finding: '整改', policy: '策略',
    log_source: '日志源', training: '培训'
  },
  auditVerb: {
    create: '新增', update: '修改', delete: '删除', login: '登录', logout: '退出', revoke: '强制下线', end: '结束', record: '登记完成',
    upload: '上传', rectify: '整改', resolve: '处置完成', add: '登记', import: '导入', policy: '设置策略', password: '修改密码', reset: '重置密码',
    roles: '修改角色', disable: '停用', enable: '启用', calendar_token: '日程订阅地址', purge: '清理', refused: '被拒绝', approve: '批准', reject: '驳回',
    assign: '指派', verify: '验证', close: '关闭', reopen: '重新打开', request: '申请'
  },
  accountabilityCase: {
    always: '逐级倒查（每一起事件）', tampered: '网页或系统被篡改', outage: '重要系统受到攻击后没有及时组织处置，瘫痪达到事件规则规定的时长', outageHours: '重要系统受到攻击后没有及时组织处置，瘫痪{hours}小时以上',
    leak: '数据或个人信息泄露', critical: '关键信息基础设施', unreported: '未报告'
  },
  menu: {
    dashboard: '工作台', org: '组织机构', people: '人员与任职', systems: '信息系统台账', agreements: '责任书与协议', documents: '文书签署', handovers: '离岗交接', vulnerabilities: '漏洞台账', plans: '应急预案',
    logSources: '日志留存', trainings: '培训台账', projects: '信息化项目',
    obligations: '定期工作', incidents: '安全事件', notices: '通报整改', findings: '合规检查', supervision: '监管汇总', evaluation: '考核', data: '数据导入导出',
    accounts: '账号管理', workcal: '工作日历', notifyChannels: '通知渠道', messages: '我的消息', deliveries: '通知发送记录', roles: '角色与授权', requests: '四眼审批', policy: '安全策略', unitPolicy: '本单位制度', audit: '操作日志', logins: '登录日志',
    rectifications: '整改台账', adminHome: '工作台',
    inspections: '收到的检查', federation: '上级报送',
    dictionary: '字典管理', unitSettings: '参数设置', announcements: '通知公告',
    profile: '个人中心', forbidden: '无权访问', notfound: '页面不存在', home: '首页'
  },
  common: {
    typeToSearch: '输入名称搜索',
    idAuto: '留空则由系统生成（也可填写自己的编号，如文号）',
    search: '搜索', reset: '重置', add: '新增', edit: '修改', save: '保存', cancel: '取消', confirm: '确定', delete: '删除',
    export: '导出', import: '导入', refresh: '刷新', actions: '操作', empty: '暂无数据', loading: '加载中…', yes: '是', no: '否',
    all: '全部', view: '查看', close: '关闭', keyword: '关键字', asOf: '截至日期', from: '起', to: '止', saved: '已保存',
    forbidden: '无权访问', forbiddenHint: '您的角色不能打开此页面。', notFound: '页面不存在', home: '返回首页', none: '无',
    department: '部门', person: '人员', name: '名称', id: '编号', status: '状态', date: '日期', notes: '备注',
    workingDays: '{n} 个工作日', overdueDays: '已逾期 {n} 个工作日', dueToday: '今日到期', details: '详情',
    unavailable: '服务器尚未提供此功能', selectDept: '选择部门', selectPerson: '选择人员', selectSystem: '选择系统',
    unit: '单位', total: '共 {n} 项', outOfScope: '「{name}」不在您的数据权限内', openEnded: '至今', required: '必填'
  },
  login: {
    subtitle: '网络安全工作责任制 · 任职 · 台账 · 定期工作 · 通报整改', username: '账号', password: '密码', submit: '登 录',
    usernameRequired: '请输入账号', passwordRequired: '请输入密码', failed: '账号或密码错误',
    locked: '该账号从您的地址登录失败次数过多，已暂时锁定，请于 {until}（北京时间）后再试', tooMany: '登录尝试过于频繁，请稍后再试',
    footer: 'zeren — 依据网络安全法及本单位网络安全工作责任制'
  },
  password: {
    title: '修改密码', forced: '这是一次性初始密码，请先设置新密码后再继续使用。', old: '当前密码', new: '新密码', confirm: '确认新密码',
    rules: '密码至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，不得包含账号或姓名，不得为常见弱口令。',
    required: '请输入密码', tooShort: '至少 10 位', mismatch: '两次输入的新密码不一致', changed: '密码已修改'
  },
  user: { profile: '个人中心', changePassword: '修改密码', logout: '退出登录', calendar: '日程订阅', calendarHint: '用日历应用（Outlook、苹果日历、钉钉等）订阅此地址，即可收到定期工作、通报整改期限和协议到期提醒。此地址即凭据，请勿外传。', newCalendar: '生成新的订阅地址', copy: '复制', copied: '已复制' },
  role: {
    sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '审计管理员', office: '网信办', leader: '领导',
    liaison: '部门网络安全员', staff: '普通人员', supervisor: '上级主管部门'
  },
  severity: { error: '错误', warning: '警告', info: '提示' },
  requestKind: { reset: '重置密码', disable: '停用账号', roles: '授予角色' },
  requestStatus: { pending: '待审批', approved: '已批准', rejected: '已驳回' },
  requests: {
    hint: '重置密码、停用三员账号、授予角色须由另一名管理员批准后生效（安全管理员批准；涉及安全管理员本人或由其提出的，由审计管理员批准）。提出人不能批准自己的请求。',
    id: '编号', kind: '事项', status: '状态', requestedBy: '提出人', requestedAt: '提出时间', approver: '审批人', decidedBy: '处理人',
    approve: '批准', reject: '驳回', approved: '已批准', rejected: '已驳回',
    otpHint: '这是一次性密码的后半部分，只显示这一次：请交给账号本人。本人把提出人给的前半部分与此连起来输入，首次登录时须修改。'
  },
  post: {
    first_responsible: '第一责任人', direct_responsible: '直接责任人', security_director: '安全主管', security_admin: '安全管理员',
    security_auditor: '安全审计员', network_admin: '网络管理员', system_admin: '系统管理员', machine_room_admin: '机房管理员',
    database_admin: '数据库管理员', security_liaison: '部门网络安全员', department_head: '部门负责人', system_responsible: '系统负责人'
  },
  bodyKind: { leading_group: '领导小组', working_group: '工作组', emergency_group: '应急响应组', office: '办公室', technical_support: '技术支撑机构' },
  seat: { leader: '组长', deputy: '副组长', member: '成员' },
  subjectKind: { person: '人员', department: '部门', org: '单位', system: '信息系统', body: '机构', agreement: '协议', notice: '通报', incident: '安全事件', obligation: '定期工作' },
  agreementKind: { responsibility_letter: '网络安全工作责任书', key_post_security: '关键岗位安全协议', confidentiality: '保密协议', network_access: '联网安全保密责任书' },
  vulnSeverity: { critical: '超危', high: '高危', medium: '中危', low: '低危' },
  vulnSource: { scan: '漏洞扫描', test: '安全测试', inspection: '检查', notice: '上级通报', other: '其他' },
  vulnStatus: { open: '待修复', overdue: '逾期未修复', fixed: '已修复待验证', verified: '已验证' },
  planStatus: { in_force: '在用', review_due: '到期未评审', withdrawn: '已废止', draft: '未批准' },
  logKind: {
    network_log: '网络运行与安全事件日志', server_log: '服务器系统日志', device_log: '网络设备日志', gateway_audit: '出口网关审计日志',
    access_record: '上网记录', website_content: '网站信息内容记录', lab_record: '学生上机记录', public_lab_record: '公共机房上网记录', other: '其他日志'
  },
  retentionStatus: { ok: '符合要求', short: '留存不足', unknown: '未登记', not_required: '无要求' },
  trainingKind: { awareness: '安全意识教育', technical: '专业技术培训', certification: '资格认证培训', other: '其他' },
  trainingLevel: { unit: '单位组织', department: '部门组织', external: '外部培训' },
  projectStatus: { planned: '已立项', building: '建设中', in_use: '已投入使用', cancelled: '已撤销' },
  handoverStatus: { open: '交接中', overdue: '逾期未完成', incomplete: '清单不全', complete: '已完成' },
  handoverItem: { accounts_closed: '账号和权限关闭', materials_returned: '资料和数据交还', passwords_changed: '钥匙和密码更换', successor: '接任人' },
  agreementStatus: { in_force: '生效中', expiring: '即将到期', expired: '已过期', unsigned: '未签署', not_started: '未生效' },
  grade: { general: '一般', relatively_major: '较大', major: '重大', especially_major: '特别重大' },
  obligationStatus: { done: '已完成', overdue: '已逾期', due: '待完成', open: '待完成', upcoming: '未到期', pending: '待完成', late: '逾期完成' },
  frequency: { year: '每年', half: '每半年', quarter: '每季度', month: '每月', week: '每周', day: '每日' },
  dashboard: {
    myDuties: '我的定期工作', myAgreements: '我的协议', myTraining: '我的培训',
    findings: '合规问题', bySeverity: '按严重程度', byRule: '按规则', trend: '近 12 个月问题趋势', deadlines: '未来 30 天期限',
    overdue: '逾期定期工作', notices: '未完成整改的通报', expiring: '即将到期的协议', openFindings: '查看全部问题',
    noDeadlines: '未来 30 天没有期限', month: '月份', count: '数量', due: '到期日', left: '剩余', item: '事项', kind: '类型',
    errors: '错误', warnings: '警告', infos: '提示', totalFindings: '问题总数'
  },
  deadlineKind: { obligation: '定期工作', notice: '通报整改', agreement: '协议到期', incident: '事件报告' },
  findings: {
    rule: '规则', severity: '严重程度', subject: '对象', message: '问题', since: '起始日期', citation: '依据', subjectKind: '对象类型',
    noClauseText: '（条文原文未收录）', counts: '错误 {error} · 警告 {warning} · 提示 {info}', asOfHint: '按所选日期检查当时的事实',
    recordedOn: '依据记录', recordedNow: '现行记录', dates: '截至 {as_of}，依据 {recorded_on} 日的记录'
  },
  org: {
    established: '成立日期', dissolved: '撤销日期', kindRenamed: '更名或调整隶属（自某日起，原名保留为历史）',
    departments: '部门', bodies: '机构', posts: '岗位与职责', deptName: '部门名称', parent: '上级部门', head: '负责人', liaison: '网络安全员',
    people: '人数', orgChart: '机构图', leads: '领导', duties: '职责', source: '出处', addDept: '新增部门', editDept: '修改部门',
    noBodies: '尚未设立机构', vacant: '空缺', members: '成员'
  },
  people: {
    importAdded: '已新增', importUpdated: '已更新（覆盖了该编号的原有记录）', sampleMark: '（示例行，导入时跳过）',
    idSpaces: '编号不能含空格：「{v}」', unknownDept: '本单位没有部门「{v}」',
    name: '姓名', id: '人员编号', department: '所在部门', backgroundCheck: '背景审查', posts: '现任岗位', appointments: '任职记录',
    timeline: '任职时间线', appoint: '任命', end: '免职', addPerson: '新增人员', editPerson: '修改人员', post: '岗位', seat: '机构席位',
    body: '机构', scope: '范围', from: '任职起', to: '任职止', fullTime: '专职', current: '在任', ended: '已离任',
    appointKind: '任命类型', kindPost: '岗位', kindSeat: '机构席位', scopeUnit: '全单位', scopeDept: '部门', scopeSystem: '信息系统',
    wouldBreak: '此任命将违反以下规则', acknowledge: '我已知悉上述问题，仍要保存此任命', saveAnyway: '仍然保存',
    appointed: '任命已保存', appointedWithFindings: '任命已保存，产生 {n} 项合规问题', endConfirm: '结束 {name} 的「{post}」任职？',
    endDate: '免职日期（该日起不再任职）', ended_ok: '任职已结束', postTimeline: '岗位任职历史', holders: '任职人', choosePost: '选择岗位查看历任',
    importPeople: '从 Excel 导入人员', template: '下载模板', rowErrors: '逐行结果', row: '行', result: '结果', ok: '成功',
    importDone: '导入完成：成功 {ok} 行，失败 {bad} 行', noBackground: '未审查', resultSheet: '结果',
    sampleName: '张三', sampleDept: '网络信息中心', needIdName: '人员编号和姓名必填',
    endChange: '任职变动：于某日起不再担任', endCorrect: '登记有误：更正（撤销此任职，视为从未任职）',
    endSameDay: '结束日期与任职开始日期相同：将作为更正，撤销此任职（视为从未任职）。',
    correctHint: '此任职为误登记：撤销后视为从未任职；审计日志保留原记录，变更历史仍可查当时所记。',
    correctReason: '更正原因', correctReasonHint: '例如：任命对象填错', withdraw: '撤销任职', withdrawn_ok: '已更正：任职已撤销',
    errAlreadyEnded: '该任职已于 {to} 结束；如结束日期登记有误，请选择“登记有误”更正。',
    errEndBeforeStart: '结束日期不能早于任职开始日期 {from}。', errGone: '该任职已不存在（可能已被撤销），请刷新。',
    errEnd: '未能保存（{status}），请稍后重试。', joined: '入职日期', left: '离职日期',
    leftHint: '离职日期（该日起不在本单位）：其仍在任的任职将于该日结束'
  },
  systems: {
    name: '系统名称', owner: '主管部门', mlps: '等保级别', filing: '备案编号', filedOn: '备案日期', lastAssessed: '上次测评',
    nextAssessment: '下次测评', responsible: '系统负责人', admins: '系统管理员', ci: '关键信息基础设施', website: '门户网站',
    add: '新增系统', edit: '修改系统', level: '第{n}级', notFiled: '未备案', never: '从未测评',
    inService: '上线日期', retired: '下线日期', inServiceHint: '未填视为今日上线：此前各日的检查不受影响',
    writeKind: '本次修改', kindChange: '变更（自某日起生效，原值保留为历史）', kindCorrect: '更正（原登记有误，审计日志保留原值）',
    changedOn: '变更生效日期', history: '历史登记', until: '截止（不含）', assessments: '历次测评',
    project: '建设项目', projectHint: '建设该系统的信息化项目（信息化项目台账中本单位的项目）'
  },
  documents: {
    campaigns: '签署批次', openCampaign: '发起签署批次', kind: '文书类型', year: '年度', date: '文书日期', progress: '签署进度',
    send: '标记已发送', close: '关闭批次', show: '查看', number: '编号', person: '签署人', department: '部门', title: '标题',
    status: '状态', preview: '预览', download: '下载', sign: '签署', scan: '上传签字扫描件', generate: '生成文书', post: '岗位',
    signTitle: '在平台签署', signHint: '请阅读文书全文。确认签署后，平台记录签署人、时间与文件的 SHA-256、SM3 哈希，并以本单位密钥签名。',
    password: '再次输入您的密码', signed: '已签署', opened: '已生成 {n} 份文书', sent: '已标记发送 {n} 份', closed: '批次已关闭',
    generated: '已生成文书 {number}', scanned: '已登记纸质签署', returned: '原件已归档', markReturned: '原件归档',
    allCampaigns: '全部批次', signedOf: '已签 {signed} / 共 {total}'
  },
  docStatus: { generated: '已生成', sent: '已发送', signed: '已签署', returned: '已归档', open: '进行中', closed: '已关闭' },
  verify: {
    title: '文书验证', number: '文书编号', unknown: '本平台没有这个编号的文书', valid: '已签署，签名有效', unsigned: '尚未签署',
    invalid: '签名无效', doc: '文书', person: '对象', date: '日期', sha256: 'SHA-256', sm3: 'SM3', signer: '签署人', at: '签署时间',
    method: '方式', alg: '算法', platform: '平台签署', paper: '纸质签署', hint: '核对：您手中文件的 SHA-256 应与上面一致（例如 sha256sum 文件名）；zeren doc verify 可直接验证文件。'
  },
  handovers: {
    person: '离岗人员', post: '岗位', postId: '岗位编号', leftOn: '离岗日期', dueOn: '交接期限', successor: '接任人',
    accounts_closed_on: '账号权限关闭', materials_returned_on: '资料数据交还', passwords_changed_on: '钥匙密码更换', completed_on: '交接完成',
    status: '状态', missing: '尚缺', agreements: '仍在有效期的协议', add: '登记交接', edit: '修改交接', templateName: '离岗交接导入模板',
    hint: '关键岗位人员离岗须在一周内办好交接手续（关闭账号和权限、交还资料和数据、更换钥匙和密码、明确接任人），办好交接后才允许离任。期限和清单以本单位安全策略为准。'
  },
  vulns: {
    system: '信息系统', title: '漏洞名称', source: '来源', sourceId: '来源编号', severity: '严重程度', severityId: '严重程度编号', found_on: '发现日期', due_on: '修复期限（自定）',
    deadline: '修复期限', fixed_on: '修复日期', verified_on: '验证日期', status: '状态', notice: '所属通报', noticeHint: '通报编号（可空）',
    add: '登记漏洞', edit: '修改漏洞', templateName: '漏洞台账导入模板', sampleTitle: '某某组件远程代码执行漏洞', ofNotice: '仅显示通报 {id} 所涉漏洞'
  },
  plans: {
    title: '预案名称', version: '版本', approved_on: '批准日期', reviewed_on: '最近评审', withdrawn_on: '废止日期', reviewDue: '下次评审',
    drills: '演练日期', reviews: '评审记录', reviewOn: '评审日期', reviewBy: '评审人', reviewOutcome: '评审结论', addReview: '添加评审',
    status: '状态', add: '登记预案', edit: '修改预案', templateName: '应急预案导入模板', sampleTitle: '网络安全事件应急预案'
  },
  projects: {
    name: '项目名称', department: '建设部门', departmentId: '建设部门编号', budget: '总预算（元）', security_budget: '网络安全预算（元）',
    budgetWan: '总预算（万元）', securityBudgetWan: '安全预算（万元）', share: '安全占比', status: '状态', approved_on: '立项日期',
    started_on: '开工日期', in_use_on: '投入使用', cancelled_on: '撤销日期', sync: '三同步', security_planned: '同步规划',
    security_built: '同步建设', security_implemented: '同步实施', add: '登记项目', edit: '修改项目', templateName: '信息化项目导入模板',
    sampleName: '某某信息系统建设项目',
    hint: '新建信息化项目的网络安全预算不低于项目总预算的5%，网络安全与项目同步规划、同步建设、同步实施。比例以本单位安全策略为准。'
  },
  logSources: {
    name: '日志源名称', system: '所属系统', ownUnit: '单位自身', kind: '日志种类', kindId: '日志种类编号', retention_days: '配置留存（天）',
    required_days: '要求留存（天）', checked_on: '核查日期', status: '状态', add: '登记日志源', edit: '修改日志源', templateName: '日志留存导入模板',
    sampleName: '某某系统操作日志',
    hint: '网络日志留存不少于六个月（网络安全法第二十一条），各类日志和记录的留存天数以本单位安全策略为准；网络管理员按期核查各日志源的留存设置并登记核查日期。'
  },
  trainings: {
    title: '培训名称', held_on: '培训日期', organiser: '组织单位', kind: '培训类型', kindId: '培训类型编号', level: '组织层级', levelId: '组织层级编号',
    department: '组织部门', departmentId: '组织部门编号', hours: '学时', attendees: '参加人员', person: '参加人员', certificate: '证书名称或编号',
    wholeSession: '全程', hourUnit: '学时', addAttendee: '添加参加人员', year: '年度', add: '登记培训', edit: '修改培训',
    templateName: '培训台账导入模板', sampleTitle: '网络安全意识专题培训',
    hint: '关键岗位人员每年参加网络安全培训的学时、网络安全管理人员持证上岗，以本单位安全策略为准；部门组织的培训请选择“部门组织”并注明部门，即算该部门当年的部门网络安全教育培训已完成。'
  },
  trainingHours: {
    sessions: '培训记录', tab: '人员学时', name: '姓名', department: '部门', posts: '关键岗位', hours: '一年内学时', required: '要求学时',
    status: '是否达标', short: '学时不足', enough: '已达标', asOf: '截至', requiredOnly: '只看要求学时的人员', exportName: '人员培训学时',
    hint: '截至所选日期一年内参加培训的学时；本单位安全策略的培训学时规则要求的人员（关键岗位在岗人员，或全体人员）另列要求学时和是否达标。'
  },
  registers: { importHint: '每行一条记录，第一列为编号：已有的编号为修改，新的为新增；人员可填编号或姓名，日期为 YYYY-MM-DD。', badDate: '{field}应为 YYYY-MM-DD：{v}', needId: '编号必填' },
  agreements: {
    kind: '协议类型', person: '签署人', from: '生效日期', to: '到期日期', signedOn: '签署日期', status: '状态', daysLeft: '剩余天数',
    add: '新增协议', edit: '修改协议'
  },
  obligations: {
    list: '列表', calendar: '日历', name: '定期工作', period: '周期', due: '截止日期', status: '状态', department: '部门', doneOn: '完成日期',
    by: '完成人', evidence: '佐证材料', record: '登记完成', recordTitle: '登记完成：{name}', upload: '上传文件', uploaded: '已上传',
    recorded: '已登记完成', ics: '日程订阅 (ICS)', icsUnit: '本单位日程 (ICS)', frequency: '频次', owner: '责任方', workingDaysLeft: '剩余工作日',
    source: '依据', evidenceRequired: '所需佐证材料', eachDept: '各部门', unitOwes: '本单位'
  },
  incidents: {
    title: '事件名称', system: '涉及系统', category: '类别', grade: '级别', occurredAt: '发生时间', detectedAt: '发现时间',
    reportedAt: '报告时间', resolvedAt: '处置完成', outage: '中断时长(小时)', pii: '个人信息泄露(条)', summaryOn: '总结报告提交',
    add: '登记事件', edit: '修改事件', chain: '责任链', chainTitle: '事件发生时的责任链（逐级倒查）', clauses: '触发的追责条款',
    chainPerson: '责任人', chainPost: '岗位', chainScope: '范围', chainLevel: '层级', differs: '按现有任职历史重新计算的责任链与事件登记时记录的不同：'
  },
  notices: {
    issuer: '通报单位', documentNo: '文号', title: '通报标题', systems: '涉及系统', receivedOn: '收到日期', deadline: '整改期限',
    left: '剩余', rectifiedOn: '整改完成', feedbackOn: '反馈日期', add: '登记通报', edit: '修改通报', open: '仅看未完成',
    countdown: '倒计时', done: '已整改', feedback: '反馈内容', feedbackHint: '向通报单位反馈的整改落实情况', sentDown: '上级下发'
  },
  supervision: {
    ranking: '下级单位排名', trend: '近 12 个月趋势', sent: '下发的通报', send: '下发通报', rank: '名次', unit: '单位', score: '加权得分',
    weights: '权重：错误 {error}、警告 {warning}、提示 {info}', noticesOverdue: '逾期通报', reportsLate: '事件迟报', agreementsMissing: '协议缺失',
    responsibleMissing: '责任人缺位', subtree: '含下级合计', drill: '问题明细', units: '下发单位', workingDays: '整改期限（工作日）',
    workingDaysHint: '留空则按各单位策略', rectifyBy: '或指定整改截止日', feedback: '反馈', findings: '引起的问题', sentOk: '已下发至 {n} 个单位',
    byRule: '按规则统计',
    reportedOn: '报送截至 {date}'
  },
  inspection: {
    tab: '检查', add: '记录检查', id: '检查编号', unit: '被检查单位', on: '检查日期', scope: '检查范围', inspectors: '检查人员',
    items: '发现的问题', item: '问题', basis: '依据条款', department: '整改部门', dueOn: '整改截止日', workingDays: '或工作日数',
    deadlineHint: '都留空则按被检查单位制度的整改期限', addItem: '添加问题', recorded: '已记录，{n} 个问题已交办到被检查单位的整改台账',
    source: '来源', sourceText: '{inspector}{on}检查：{scope}', notVisible: '—'
  },
  data: {
    exportTitle: '导出 zeren/v1', exportHint: '下载本单位全部数据（zeren/v1 JSON），可用于备份或迁移。', download: '下载',
    importTitle: '导入 zeren/v1', importHint: '上传 zeren/v1 JSON 文件。导入为一个事务：任一错误都不做任何修改，并指出文件位置。',
    choose: '选择文件', imported: '导入成功', importFailed: '导入失败', peopleTitle: '从 Excel 导入人员'
  },
  admin: {
    username: '账号', displayName: '姓名', person: '关联人员', roles: '角色', department: '负责部门', disabled: '停用', lastLogin: '最近登录',
    mustChange: '须改密', addAccount: '新增账号', resetPassword: '重置密码', revokeSessions: '强制下线', otp: '一次性密码',
    otpHint: '这是一次性密码的前半部分，只显示这一次：请交给本人。后半部分在安全管理员（或审计管理员）批准后由批准人交给本人；本人连起来输入，首次登录时须修改。', requested: '已提交请求，待批准后生效', grant: '授权', editRoles: '修改角色',
    created: '账号已创建', enabled: '启用', locked: '已锁定', sanyuan: '三员分立：系统管理员、安全管理员、审计管理员互不兼任，也不与业务角色兼任；违反时服务器拒绝并说明原因。'
  },
  audit: {
    time: '时间', account: '账号', action: '操作', object: '对象', success: '结果', source: '来源地址', detail: '详情', ok: '成功', failed: '失败',
    verify: '链校验', intact: '审计链完整', broken: '审计链断裂', checked: '已校验 {n} 条', firstBroken: '首个断裂位置', exportCsv: '导出 CSV',
    actionPrefix: '操作前缀', logins: '登录日志'
  },
  evaluation: {
    measures: { findings: '发现项', duties_overdue: '逾期的定期工作', duties_on_time: '按期完成的定期工作', notices_late: '逾期整改的通报', incidents_late: '超时报告的安全事件', incidents_repeat: '重复发生的安全事件', incidents: '安全事件' }, atMost: '至多 {n}',
    rounds: '考核轮次', ranking: '排名', sheet: '打分表', indicators: '评价指标', history: '历年对比',
    year: '年度', version: '版本', state: '状态', asOf: '依据记录截至', open: '开始考核', reopen: '重新评价', reason: '原因',
    states: { scoring: '评分中', review: '公示中', published: '已发布' },
    kinds: { department: '部门', unit: '本单位', supervised_unit: '下级单位' },
    subject: '考核对象', score: '得分', marks: '满分', percent: '得分率', grade: '等级', rank: '名次', veto: '一票否决',
    incomplete: '待评分', indicator: '指标', scoring: '评分方式', scorings: { auto: '自动', manual: '手工', veto: '否决项', group: '一级指标' },
    appliesTo: '适用对象', causes: '扣分依据', noCauses: '未扣分', points: '分值', guide: '评分说明',
    autoScore: '按记录计分', autoScoreText: '{score} 分（由系统按记录计算）', adjustReason: '调整理由', adjustReasonNeeded: '调整自动计分的指标须填写调整理由',
    enterScore: '评分', comment: '说明', evidence: '证明材料', release: '公示', publish: '确认发布',
    objectionDeadline: '异议截止', objections: '异议', object: '提出异议', objectReason: '异议理由', resolve: '答复',
    answer: '答复意见', answered: '已答复', openObjection: '待答复', publishedBy: '发布人', releaseHint: '手工项全部评分后才能公示。',
    publishConfirm: '发布后考核结果冻结，不再随事实变化。确认发布？', exportExcel: '导出 Excel', report: '打印报告', reportPdf: 'PDF 报告',
    grades: '等级档次', min: '最低分', deduct: '扣分', award: '加分', per: { item: '每项', day: '每天' },
    editorNote: '评价指标是本单位策略的“evaluation”一节，随策略版本管理；在策略编辑器中修改。',
    scorers: '评分人', assign: '分配评分人', scorer: '评分人账号', assignedIndicators: '评分指标', assignedDepartments: '限定部门',
    allSheets: '全部打分表', withdraw: '撤销', myScoring: '我的评分',
    assignHint: '评分人只能看到并评分分配给自己的手工指标；不限定部门则为全部打分表。再次分配会替换该评分人原有的分配。'
  },
  evaluationEditor: {
    tab: '考核指标', inherited: '本版本未自定义考核指标，沿用现行的评价指标（如下）。', customize: '以现行指标为起点自定义',
    inherit: '改回沿用现行指标', objectionWorkdays: '异议期（工作日）', addGroup: '添加一级指标', addItem: '添加二级指标',
    newIndicator: '新建指标', editIndicator: '编辑指标', titleZh: '名称', titleEn: '英文名称', max: '封顶',
    addMeasure: '添加计分项', ruleIds: '规则编号，逗号分隔（空为全部）', obligationIds: '定期工作编号，逗号分隔（空为全部）',
    document: '制度文件', clause: '条款', quote: '原文（可选）', addCitation: '添加依据',
    idTitleNeeded: '请填写编号和名称', idTaken: '编号 {id} 已存在', citationNeeded: '二级指标须至少有一条依据（制度文件和条款）'
  },
  unitPolicy: {
    accountability: '责任追究条款', accCase: '情形', accDocument: '文件', accClause: '条款', accOwn: '本版本规定的责任追究条款：事件的追责页和责任追究报告按事件发生当日施行的版本引用这些条款。', accBase: '本版本未规定责任追究条款，沿用内置策略 {id} 的条款；上传本单位制度起草时，制度中的责任追究条款会列在这里。',
    hint: '本单位制度以版本保存：网信办在所选内置策略之上起草新版本（或上传本单位制度文件起草），须由单位领导批准并确定施行日期后才生效（四眼原则：起草人不能批准自己起草的版本）。已批准的版本不可修改，只能由新版本取代；检查某日时按该日施行的版本。',
    versions: '制度版本', version: '版本', newVersion: '新建版本', upload: '上传制度文件起草', inForce: '施行中', inForceFrom: '施行日期',
    reason: '修订理由', draftedBy: '起草人', draftedAt: '起草时间', decidedBy: '审批人', followsVersion: '现行：本单位版本 {v}', followsProfile: '现行：内置策略 {id}（无本单位版本）',
    approve: '批准', reject: '驳回', approveTitle: '批准制度版本', approveHint: '批准后此版本自施行日期起生效，不可再修改。起草人本人不能批准。',
    rejectReason: '请说明驳回理由', approved: '已批准，自 {d} 起施行', saveDraft: '保存草稿', savedDraft: '已保存为草稿版本 {v}', reasonNeeded: '请填写修订理由',
    frozen: '已审批的版本不可修改', rules: '规则', obligations: '定期工作', addRule: '新增规则', addObligation: '新增定期工作', origin: '来源',
    originKind: { base: '继承', changed: '已修改', added: '新增', removed: '已删除' }, removeRule: '删除', acceptEdit: '接受/修改', rejectRule: '拒绝', restore: '恢复为内置',
    review: '审阅清单（{n}）', reviewReason: '原因', diff: '与施行版本比较', diffHint: '与今天施行的版本比较（按编辑器中的内容，未保存的修改也算）。',
    change: '变化', before: '原', after: '新', diffKind: { added: '新增', removed: '删除', changed: '修改' }, rule: '规则', obligation: '定期工作',
    preview: '预览检查结果', runPreview: '预览', previewKind: { added: '新增', gone: '消失' },
    previewSummary: '按此版本，本单位在该日的发现将由 {now} 条变为 {with} 条：新增 {added} 条，消失 {gone} 条。',
    drafted: '已由制度文件起草为版本 {v}（{n} 条拟定规则），请逐条接受、修改或拒绝', ownTitle: '本单位网络安全制度',
    editRule: '规则', editObligation: '定期工作', keptParams: '其他参数（保持不变）', document: '文件标题，如《…》', clause: '条款，如 第九条',
    quote: '原文摘录', addCitation: '增加依据', source: '起草依据的原文', idAndTitle: '请填写编号和名称', citationNeeded: '请填写编号、名称和至少一条依据（文件与条款）',
    perOrg: '全单位', perDepartment: '每个部门', backgroundCheck: '背景审查', owner: '责任主体', recurrence: '周期', due: '期限', evidence: '佐证材料',
    ownerKind: { org: '单位', each_department: '各部门', post: '岗位', body: '机构' },
    freq: { yearly: '每年', half: '每半年', quarterly: '每季度', monthly: '每月', weekly: '每周', daily: '每日' },
    dueKind: { days: '期间结束后（日）', workdays: '期间结束后（工作日）', day_of_next: '次月某日前' },
    dueText: { days: '期间结束后 {n} 天内', workdays: '期间结束后 {n} 个工作日内', day_of_next: '次月 {n} 日前' },
    unit: { workdays: '个工作日', days: '天', hours: '小时', months: '个月', people: '人', level: '级', classHours: '学时（每年）', percent: '%' },
    mapHint: '填 0 或留空表示该项没有自己的数值'
  },
  versionStatus: { draft: '草稿', approved: '已批准', rejected: '已驳回' },
  reviewReason: { no_engine_kind: '引擎暂无此类规则', incomplete: '参数不全', vague_period: '周期不明确', normative: '规范性要求' },
  ruleKind: {
    exclusive_posts: '岗位互斥', full_time: '专职', min_holders: '最少人数', required_post: '必设岗位', body_composition: '机构组成',
    system_owner: '系统责任', system_mlps: '等级保护', agreement_in_force: '协议有效', agreement_expiring: '协议到期提醒', personnel_record: '人员审查',
    notice_deadline: '通报整改时限', notice_feedback: '通报反馈时限', incident_report: '事件报告时限', incident_repeat: '事件重复发生', incident_outage: '系统瘫痪',
    incident_summary: '事件总结报告', obligation_overdue: '定期工作逾期',
    handover: '离岗交接', vulnerability_fix: '漏洞修复时限', emergency_plan: '应急预案评审', required_agreement: '必签协议',
    log_retention: '日志留存', training_hours: '培训学时', training_certificate: '持证上岗',
    project_security: '项目安全投入与三同步',
    rectification_overdue: '交办整改逾期'
  },
  ruleParam: {
    post: '岗位', excludes: '不得兼任', strict: '不得兼任任何岗位', posts: '岗位', min: '最少人数', per: '范围', body: '机构', seats: '席位',
    member_posts: '成员须含岗位', member_department_posts: '成员须含各部门岗位', owner_department: '须登记主管部门', filing_min_level: '备案起始级别',
    agreement: '协议种类', within_days: '提前提醒', record: '记录', workdays: '时限', lookback_days: '回溯期', hours: '时限', min_grade: '最低事件等级',
    months: '期间', important_min_level: '重要系统起始级别', days: '期限',
    assessment_months: '测评周期（按级别）', operator_hours: '报告时限（按运营者类型）', attack_classifications: '属于攻击的事件类别',
    requires: '交接须记录', verify: '修复须经验证', review_months: '评审周期', everyone: '全体人员', per_year: '每年签订',
    budget_percent: '安全投入不低于总预算的', three_sync: '须同步规划、建设、使用'
  },
  policy: { rule: '规则', kind: '类型', severity: '严重程度', citation: '依据', params: '参数', unitPolicy: '本单位策略', change: '切换策略' },
  notify: {
    bell: '消息', unread: '{n} 条未读', readAll: '全部已读', all: '全部消息', none: '暂无消息', unreadOnly: '只看未读', markRead: '标为已读',
    subject: '标题', body: '内容', time: '时间', read: '已读', rule: '提醒类型', person: '收件人', channel: '渠道', state: '状态',
    attempts: '尝试次数', answer: '服务方回答', nextAt: '下次发送', prefs: '通知偏好', email: '电子邮箱', muted: '不接收的渠道',
    quiet: '免打扰时段', quietHint: '此时段内不发邮件和群机器人消息（站内消息照常）', unit: '单位', enabled: '启用',
    secretSet: '已设置（留空则保持不变）', test: '测试发送', testTo: '测试收件地址', testOk: '发送成功：{answer}', lastFailure: '最近一次失败',
    channelsHint: '通知渠道由系统管理员设置；密钥加密保存，只显示“已设置”。', noPerson: '此账号未关联人员，没有个人消息。',
    host: '服务器', port: '端口', security: '加密方式', username: '用户名', from: '发件地址', password: '密码', webhook: 'Webhook 地址', secret: '加签密钥'
  },
  notifyChannel: { inbox: '站内消息', mail: '电子邮件', dingtalk: '钉钉', wecom: '企业微信', feishu: '飞书' },
  notifyState: { queued: '排队中', sending: '发送中', sent: '已发送', failed: '失败' },
  notifyRule: {
    sign_request: '签署请求', sign_due: '签署期限提醒', sign_overdue: '逾期未签署督办', eval_released: '考核结果公示', eval_last_day: '考核异议期截止',
    eval_objected: '考核异议', eval_resolved: '考核异议答复', eval_ready: '考核待确认发布', eval_published: '考核结果发布',
    duty_due: '定期工作到期提醒', duty_overdue: '定期工作逾期督办', notice_received: '收到通报', notice_due: '通报整改期限',
    notice_overdue: '通报整改逾期督办', incident_report: '事件报告时限', incident_summary: '事件处置总结', agreement_expiring: '协议到期',
    system_mlps: '等保测评到期', finding_error: '新发现问题', test: '测试发送'
  },
  operatorType: { cii_operator: '关键信息基础设施运营者', central_state_organ: '中央和国家机关各部门及其直属单位', other: '其他网络运营者' },
  mlpsLevel: { 1: '第一级', 2: '第二级', 3: '第三级', 4: '第四级', 5: '第五级' },
  incidentClass: {
    malware: '恶意程序事件', network_attack: '网络攻击事件', data_security: '数据安全事件', content_security: '信息内容安全事件', equipment_failure: '设备设施故障事件',
    improper_operation: '违规操作事件', security_hazard: '安全隐患事件', abnormal_behavior: '异常行为事件', force_majeure: '不可抗力事件', other: '其他事件'
  },
  policyApprovers: {
    label: '批准人', leader: '单位领导', leading_group: '网络安全领导小组组长、副组长',
    reason: '请说明修改批准人的理由', hint: '批准本单位制度版本的人，由安全管理员设置；起草人不能批准自己起草的版本。'
  },
  rectify: {
    title: '问题', rule: '规则', department: '责任部门', person: '责任人', assigned_on: '交办日期', due_on: '整改期限（自定）',
    deadline: '整改期限', rectified_on: '整改日期', rectification: '整改情况', evidence: '整改证明材料', closed_on: '销号日期',
    status: '状态', holds: '问题仍存在', mine: '只看我的', assign: '整改', assigned: '已交办', assignTitle: '交办整改',
    assignHint: '期限留空则按本单位制度自交办之日起计算工作日', needWho: '请选择责任部门或责任人',
    rectify: '填报整改', verify: '验证销号', reopen: '重新交办', edit: '修改交办', stillHolds: '截至所选日期该问题仍然存在，销号后会显示为“重新出现”。',
    goRegister: '查看整改台账', myItems: '我的整改', openItems: '待办整改', noneOpen: '没有待办的整改', created: '已交办，可在整改台账中跟踪', reopenConfirm: '重新交办后，整改日期和销号日期将清空，期限自今日重新计算。'
  },
  rectifyStatus: { assigned: '整改中', overdue: '逾期未整改', rectified: '已整改待验证', closed: '已销号', reopened: '问题重新出现' },
  workcal: { years: '已载入年份', upload: '上传工作日历 (CSV)', check: '工作日计算', add: '加工作日', between: '间隔工作日', isWorkday: '是否工作日' },
  reports: {
    notice: '整改报告', incident: '处置报告',
    accountability: '下载责任追究报告', accountabilityFile: '责任追究报告', selfcheck: '半年自查报告', selfcheckFile: '自查报告',
    pdf: 'PDF', xlsx: 'Excel 清单', findingsPdf: '检查问题报告 (PDF)', findingsXlsx: '问题清单 (Excel)', findingsFile: '检查问题报告'
  },
  templates: {
    title: '文书模板', sample: '示例对象', own: '本单位模板', shipped: '出厂模板', text: '模板内容', preview: '预览',
    noPreview: '点击“预览”查看按此模板生成的文书', save: '存为制度草案', reason: '修改理由（必填）', needReason: '请填写修改理由',
    saved: '已存为制度草案，经单位领导批准并生效后使用', badJson: '模板不是有效的 JSON：{message}',
    fields: '可用字段：{unit} 单位、{department} 部门、{person} 姓名、{post} 岗位、{number} 编号、{year} 年度、{from} {to} 期限、{date} 日期；职责、条款列表中用 {n} {text}。'
  },
  federation: {
    tab: '联邦报送', unitKeys: '下级单位公钥', registerUnitKey: '登记下级单位公钥', uploadReport: '上传报送包', reports: '各单位报送情况',
    unitId: '单位标识', unitName: '单位名称', alg: '算法', fingerprint: '公钥指纹', registeredAt: '登记时间', reportsTo: '报送至',
    asOf: '数据截至', errors: '错误', notices: '通报', signer: '签名密钥', importedAt: '导入时间',
    publicKey: '公钥', publicKeyHint: '粘贴对方 “zeren report key” 输出的一行公钥（zeren-audit-pub/1 …）', fromFile: '从文件读取',
    verified: '签名验证通过，已导入', verifiedText: '{org} 截至 {as_of} 的报送，签名密钥 {key}；已计入排名和趋势。',
    refused: '已拒绝，未作任何改动', keyRegistered: '公钥已登记',
    trendHint: '虚线为自行部署、以签名报送包上报的单位：每个报送包是其截至日期所在月份的一个点，某月未报送则断开，且不计入当月合计。',
    reportedShort: '报送',
    ownKey: '本单位公钥', ownKeyHint: '报送包以本单位的文书签名密钥签名。请将公钥（或其指纹）交上级单位登记，上级据此验证报送包。',
    copy: '复制公钥', copied: '已复制', downloadKey: '下载公钥文件',
    supervisorKeys: '已登记的上级单位公钥', registerSupervisorKey: '登记上级单位公钥', supervisorId: '上级单位标识', supervisorName: '上级单位名称',
    exportTitle: '导出签名报送包', exportHint: '选择要报送的数据；报送包另含截至所选日期的问题及其依据、本年度定期工作完成情况和已发布的考核结果。',
    to: '报送至', toHint: '选择或输入上级单位标识', share: '报送内容', alwaysSent: '单位信息总是报送。', exportButton: '导出并下载', exported: '报送包已生成并下载',
    importTitle: '导入上级通报包', importHint: '上传上级单位下发的签名通报包。公钥须已登记；签名不符、被改动或不是发给本单位的包将被拒绝。',
    noticesRecorded: '签名验证通过，通报已登记', noticesRecordedText: '{from} 下发的通报 {n} 份', goNotices: '前往通报整改'
  },
  fedSection: {
    organizations: '单位信息', departments: '部门', people: '人员', appointments: '任职', systems: '信息系统', agreements: '责任书与协议',
    incidents: '安全事件', notices: '通报及整改反馈', vulnerabilities: '漏洞', trainings: '培训', rectifications: '整改台账'
  },
  inspected: {
    hint: '上级单位对本单位的检查。每个问题已列入本单位整改台账，状态与期限以所选日期为准。', inspector: '检查单位', byPolicy: '按制度期限'
  },
  dict: {
    lists: '字典', name: '字典名称', kind: '类型', open: '可新增', closed: '系统取值', add: '新增字典项', edit: '修改字典项', none: '暂无字典项，点击“新增字典项”添加',
    sort: '排序', value: '取值', label: '名称', labelEn: '英文名称', source: '来源', builtin: '系统', own: '本单位', enabled: '启用', disabled: '停用',
    defaultLabel: '留空则用系统名称', valueRequired: '请填写取值',
    openHint: '本单位自己的取值：新增后在表单的下拉框中可选。字典项不能删除（已有记录在用），不再使用的请停用。',
    closedHint: '这些取值由规则引擎规定（合规检查依据它们判断），只能改名称、调整排序或停用，不能新增或删除。'
  },
  dictList: {
    agreement_kind: '协议类型', training_kind: '培训类型', training_level: '培训组织层级', incident_grade: '事件等级', vuln_severity: '漏洞等级',
    vuln_source: '漏洞来源', log_kind: '日志类型', incident_category: '事件类别', notice_issuer: '通报单位'
  },
  settings: {
    hint: '本单位的参数。制度中的期限和阈值在“本单位制度”中修改，不在此处。每次修改都记入操作日志。',
    name: '参数', value: '当前值', default: '默认值', setBy: '设置人', usedBy: '用途', days: '天',
    by: { office: '网信办', security: '安全管理员（在制度设置中修改）' },
    deadlines: '未来 {n} 天期限', noDeadlines: '未来 {n} 天没有期限'
  },
  settingKey: { dashboard_deadline_days: '工作台期限天数', announce_days: '通知公告默认展示天数', policy_approvers: '制度版本批准人' },
  settingUse: {
    dashboard_deadline_days: '工作台“未来 N 天期限”列出的天数',
    announce_days: '新建通知公告未填截止日期时，自发布日期起展示的天数',
    policy_approvers: '谁批准本单位的制度版本（三员分立：由安全管理员设置）'
  },
  announce: {
    hint: '通知公告发布后，本单位所有人在工作台上看到，并在铃铛中收到一条消息（各自标记已读）。草稿只有网信办可见；撤回后不再展示。',
    add: '新建公告', edit: '修改公告', title: '标题', body: '正文', publishOn: '发布日期', expiresOn: '截止日期', author: '发布人', publishedAt: '发布时间',
    today: '默认当天', defaultExpiry: '默认按参数设置的天数', saveDraft: '存为草稿', publish: '发布', withdraw: '撤回',
    withdrawConfirm: '撤回后所有人不再看到这条公告，且不能再修改。确定撤回？', published: '已发布', required: '请填写标题和正文',
    notShown: '已过期', card: '通知公告', new: '新'
  },
  announceStatus: { draft: '草稿', published: '已发布', withdrawn: '已撤回' },
  importx: {
    hint: '第一列为编号（可留空，由系统生成）：已有的编号为修改，其余为新增；人员、部门、系统填名称或编号，多项用“、”分隔。修改时留空的单元格保持原值，填“清空”可清除原值。先预览，确认后才写入。',
    preview: '预览：将新增 {create} 条、修改 {update} 条，{bad} 行有错误（不导入）；确认后才写入',
    willCreate: '将新增', willUpdate: '将修改：{fields}', noChange: '与现有记录相同，不写入', idAuto: '（自动生成）',
    confirm: '确认导入 {n} 行',
    unknownPerson: '本单位没有人员「{v}」', unknownSystem: '本单位没有信息系统「{v}」',
    badNumber: '{field}应为数字（{min}～{max}）：{v}', badBool: '{field}应填“是”或“否”：{v}',
    badOption: '{field}「{v}」不是可选值（{options}）', badTime: '{field}应为“YYYY-MM-DD HH:MM”：{v}',
    exists: '编号「{v}」已有记录：任职只能新增，结束或更正请在人员页面操作', appointments: '任职导入', appointmentsButton: '导入任职', person: '人员', post: '岗位', postDepartment: '岗位所在部门', postSystem: '岗位所在系统', body: '机构', from: '任职起始日期', to: '任职截止日期',
    sameAs: '与第 {row} 行是同一条记录', duties: '定期工作完成情况导入', dutiesButton: '导入完成情况', obligation: '定期工作', period: '周期', department: '部门', doneOn: '完成日期', by: '完成人', notes: '备注',
    hintKeyed: '每行一条完成记录：同一工作、周期和部门已登记的为修改，其余为新增；人员、部门填名称或编号。修改时留空的单元格保持原值，填“清空”可清除原值。先预览，确认后才写入。',
    bodies: '机构导入', bodiesButton: '导入机构', bodyName: '机构名称', bodyKind: '机构类型', established: '成立日期', dissolved: '撤销日期',
    systems: '信息系统导入', agreements: '协议导入', incidents: '安全事件导入', notices: '通报导入', sampleSystem: '示例系统',
    people: '人员导入', keepNote: '修改的行只改填了的单元格：留空的保持原值不变；要清除原值，在单元格中填“清空”。', cleared: '{field}（清空）',
    unchanged: '{n} 行与现有记录相同，不写入。'
  },
  adminHome: {
    accounts: '账号总数', locked: '已锁定的账号', noneLocked: '没有被锁定的账号', disabled: '已停用', mustChange: '待改初始密码', pending: '待审批的请求',
    username: '用户名', displayName: '姓名', lockedUntil: '锁定至', failures: '失败次数', recentLogins: '最近登录', lastLogin: '最近登录时间',
    granted: '已授予角色的账号', pendingRoles: '待审批的授权', roleChanges: '最近的角色授权变更', roles: '角色',
    records: '审计记录', week: '近 7 日记录', refused: '被拒绝的请求', refusals: '最近被拒绝的请求', privileged: '最近的账号与授权操作'
  },
  leader: {
    title: '第一责任人关注', approvals: '待我审批的制度版本', noApprovals: '没有待审批的制度版本', unsigned: '未签署的责任书',
    overdueNotices: '逾期未整改的通报', lateIncidents: '报告或总结逾期的安全事件', evaluation: '最近一次考核', noRound: '尚未开展考核',
    score: '得分', grade: '等次', drafted: '起草', draftedBy: '起草人', reason: '修改理由', open: '去审批'
  },
  print: { printedOn: '打印日期：{date}' }
}
