export default {
  app: { name: 'zeren', title: 'Cybersecurity Responsibility Platform', platform: 'Platform', threeAdmins: 'platform' },
  // Issue 22: the server's refusals in our own words (lib/errors.js), fields by their labels.
  errors: {
    reason: {
      missing: '{field} is required', empty: '{field} must not be empty', not_a_string: '{field} must be text', too_long: '{field} is too long',
      bad_date: '{field} must be a date (YYYY-MM-DD)', unknown_ref: 'The {field} chosen does not exist', unknown_value: '{field} is not one of the choices',
      unknown_field: 'Unknown field {field}', duplicate_id: '{field} is the same as another record\'s', id_taken: '{field} is used by a record of another unit'
    },
    code: {
      invalid: '{field} is not valid', bad_parameter: 'The filter {field} is not valid', bad_json: 'The request is malformed', unauthenticated: 'Please sign in',
      bad_credentials: 'Wrong user name or password', account_disabled: 'The account is disabled', forbidden: 'Not allowed', out_of_scope: 'Outside your data scope',
      csrf: 'The page is out of date; reload it and try again', password_change_required: 'Change the one-time password first', not_found: 'No such record',
      method_not_allowed: 'Not supported', conflict: 'Conflicts with an existing record', own_account: 'You cannot disable your own account',
      own_roles: 'You cannot change your own roles', separation_of_duties: 'Breaks the separation of the three administrators', too_large: 'Too large',
      unsupported_media_type: 'This file type is not supported', wrong_password: 'The current password is wrong', weak_password: 'The new password is too weak',
      internal: 'Internal server error', too_many_sign_ins: 'Too many sign-in attempts; try again later', sign_in_locked: 'Locked for a while; try again later'
    }
  },
  fields: {
    id: 'ID', name: 'Name', department: 'Department', person: 'Person', post: 'Post', system: 'System', systems: 'Systems', from: 'From', to: 'To',
    background_check: 'Background check', title: 'Title', issuer: 'Issuer', doc_no: 'Document no.', received_on: 'Received on', deadline: 'Deadline',
    rectified_on: 'Rectified on', feedback_on: 'Feedback on', owner: 'Owner department', grade: 'Grade', username: 'User name', display_name: 'Display name',
    roles: 'Roles', occurred_at: 'Occurred at', detected_at: 'Detected at', reported_at: 'Reported at', resolved_at: 'Resolved at', category: 'Category',
    parent: 'Parent department', signed_on: 'Signed on', expires_on: 'Expires on', kind: 'Kind', evidence: 'Evidence', acknowledge: 'Acknowledgement',
    org: 'Unit', as_of: 'As of'
  },
  layout: { fold: 'Collapse the menu', expand: 'Expand the menu', language: 'Language', account: 'Account menu' },
  auditAction: { session_login: 'Signed in', session_logout: 'Signed out', session_revoke: 'Signed out by an administrator', request_refused: 'Request refused' },
  auditKind: {
    person: 'Person', department: 'Department', system: 'System', agreement: 'Agreement', body: 'Body', unit: 'Unit', account: 'Account', session: 'Session',
    appointment: 'Appointment', incident: 'Incident', notice: 'Notice', obligation: 'Duty', evidence: 'Evidence', calendar: 'Calendar',
    audit: 'Audit log', request: 'Request', change: 'Data', import: 'Import', finding: 'Finding', policy: 'Policy',
    log_source: 'Log source', training: 'Training'
  },
  auditVerb: {
    create: 'created', update: 'changed', delete: 'deleted', login: 'signed in', logout: 'signed out', revoke: 'signed out everywhere', end: 'ended',
    record: 'recorded done', upload: 'uploaded', rectify: 'rectified', resolve: 'resolved', add: 'recorded', import: 'imported', policy: 'policy set',
    password: 'password changed', reset: 'password reset', roles: 'roles changed', disable: 'disabled', enable: 'enabled', calendar_token: 'calendar address',
    purge: 'purged', refused: 'refused', approve: 'approved', reject: 'rejected', assign: 'assigned', verify: 'verified', close: 'closed', reopen: 'reopened', request: 'request'
  },
  accountabilityCase: {
    always: 'Traced level by level (every incident)', tampered: 'A web page or system was tampered with',
    outage: 'An important system was attacked, not handled in time and down as long as the incident rule sets or longer', outageHours: 'An important system was attacked, not handled in time and down {hours} hours or more', leak: 'Data or personal information leaked',
    critical: 'Critical information infrastructure', unreported: 'Not reported'
  },
  menu: {
    dashboard: 'Dashboard', org: 'Organization', people: 'People & appointments', systems: 'Information systems', agreements: 'Agreements', documents: 'Documents to sign', handovers: 'Handovers', vulnerabilities: 'Vulnerabilities', plans: 'Emergency plans',
    logSources: 'Log retention', trainings: 'Training', projects: 'IT projects',
    obligations: 'Recurring duties', incidents: 'Incidents', notices: 'Notices', findings: 'Compliance', supervision: 'Supervision', evaluation: 'Evaluation', data: 'Import / export',
    accounts: 'Accounts', workcal: 'Working-day calendar', notifyChannels: 'Notification channels', messages: 'My messages', deliveries: 'Delivery log', roles: 'Roles & grants', requests: 'Approvals', policy: 'Policy', unitPolicy: 'Unit policy', audit: 'Operation log', logins: 'Login log',
    rectifications: 'Rectifications', adminHome: 'Dashboard',
    inspections: 'Inspections received', federation: 'Reporting up',
    dictionary: 'Dictionaries', unitSettings: 'Settings', announcements: 'Announcements',
    profile: 'Profile', forbidden: 'Forbidden', notfound: 'Not found', home: 'Home'
  },
  common: {
    typeToSearch: 'Type a name to search',
    idAuto: 'Leave empty for one made by the system (or give your own, e.g. a document number)',
    search: 'Search', reset: 'Reset', add: 'Add', edit: 'Edit', save: 'Save', cancel: 'Cancel', confirm: 'OK', delete: 'Delete',
    export: 'Export', import: 'Import', refresh: 'Refresh', actions: 'Actions', empty: 'No data', loading: 'Loading…', yes: 'Yes', no: 'No',
    all: 'All', view: 'View', close: 'Close', keyword: 'Keyword', asOf: 'As of', from: 'From', to: 'To', saved: 'Saved',
    forbidden: 'Forbidden', forbiddenHint: 'Your roles do not open this page.', notFound: 'No such page', home: 'Home', none: 'None',
    department: 'Department', person: 'Person', name: 'Name', id: 'ID', status: 'Status', date: 'Date', notes: 'Notes',
    workingDays: '{n} working days', overdueDays: '{n} working days overdue', dueToday: 'Due today', details: 'Details',
    unavailable: 'The server does not offer this yet', selectDept: 'Department', selectPerson: 'Person', selectSystem: 'System',
    unit: 'Unit', total: '{n} in all', outOfScope: '{name} is outside your data scope', openEnded: 'present', required: 'Required'
  },
  login: {
    subtitle: 'Responsibility · appointments · registers · duties · notices', username: 'Username', password: 'Password', submit: 'Sign in',
    usernameRequired: 'Enter your username', passwordRequired: 'Enter your password', failed: 'Wrong username or password',
    locked: 'Too many failed sign-ins with this name from your address: locked until {until} (UTC+8)', tooMany: 'Too many sign-in attempts from your address; try again later',
    footer: 'zeren — the cybersecurity work responsibility system'
  },
  password: {
    title: 'Change password', forced: 'This is a one-time password: set your own before going on.', old: 'Current password', new: 'New password',
    confirm: 'Repeat new password',
    rules: 'At least 10 characters, three of: upper case, lower case, digits, symbols; not containing your username or name; not a common weak password.',
    required: 'Enter a password', tooShort: 'At least 10 characters', mismatch: 'The new passwords differ', changed: 'Password changed'
  },
  user: { profile: 'Profile', changePassword: 'Change password', logout: 'Sign out', calendar: 'Calendar feed', calendarHint: 'Subscribe to this address in a calendar app to see duties, notice deadlines and agreement expiries. The address is a credential: keep it private.', newCalendar: 'New feed address', copy: 'Copy', copied: 'Copied' },
  role: {
    sysadmin: 'System administrator', secadmin: 'Security administrator', auditor: 'Audit administrator', office: 'Cybersecurity office',
    leader: 'Leader', liaison: 'Department liaison', staff: 'Staff', supervisor: 'Supervising office'
  },
  severity: { error: 'Error', warning: 'Warning', info: 'Info' },
  requestKind: { reset: 'Password reset', disable: 'Disable account', roles: 'Grant roles' },
  requestStatus: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
  requests: {
    hint: 'A password reset, disabling a platform account and a grant of roles take effect only when another administrator approves (the security administrator; the audit administrator when the security administrator asked or is concerned). Nobody approves their own request.',
    id: 'No.', kind: 'Request', status: 'Status', requestedBy: 'Requested by', requestedAt: 'Requested at', approver: 'Approver', decidedBy: 'Decided by',
    approve: 'Approve', reject: 'Reject', approved: 'Approved', rejected: 'Rejected',
    otpHint: 'This is the second half of the one-time password, shown only once: give it to the account\'s holder, who types the requester\'s first half followed by this one and must change it at first sign-in.'
  },
  post: {
    first_responsible: 'Primary responsible', direct_responsible: 'Direct responsible', security_director: 'Security director',
    security_admin: 'Security administrator', security_auditor: 'Security auditor', network_admin: 'Network administrator',
    system_admin: 'System administrator', machine_room_admin: 'Machine-room administrator', database_admin: 'Database administrator',
    security_liaison: 'Department liaison', department_head: 'Department head', system_responsible: 'System owner'
  },
  bodyKind: { leading_group: 'Leading group', working_group: 'Working group', emergency_group: 'Emergency response group', office: 'Office', technical_support: 'Technical support' },
  seat: { leader: 'Leader', deputy: 'Deputy', member: 'Member' },
  subjectKind: { person: 'Person', department: 'Department', org: 'Unit', system: 'System', body: 'Body', agreement: 'Agreement', notice: 'Notice', incident: 'Incident', obligation: 'Duty' },
  agreementKind: { responsibility_letter: 'Responsibility letter', key_post_security: 'Key-post security agreement', confidentiality: 'Confidentiality agreement', network_access: 'Network access letter' },
  vulnSeverity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' },
  vulnSource: { scan: 'Scan', test: 'Test', inspection: 'Inspection', notice: 'Notice', other: 'Other' },
  vulnStatus: { open: 'Open', overdue: 'Overdue', fixed: 'Fixed, not verified', verified: 'Verified' },
  planStatus: { in_force: 'In force', review_due: 'Review due', withdrawn: 'Withdrawn', draft: 'Not approved' },
  logKind: {
    network_log: 'Network operation and security event logs', server_log: 'Server system logs', device_log: 'Network device logs',
    gateway_audit: 'Exit gateway audit logs', access_record: 'Internet access records', website_content: 'Website content records',
    lab_record: 'Computer lab usage records', public_lab_record: 'Public computer room records', other: 'Other logs'
  },
  retentionStatus: { ok: 'Compliant', short: 'Too short', unknown: 'Not recorded', not_required: 'No requirement' },
  trainingKind: { awareness: 'Awareness', technical: 'Technical', certification: 'Certification', other: 'Other' },
  trainingLevel: { unit: 'Unit', department: 'Department', external: 'External' },
  projectStatus: { planned: 'Approved', building: 'Under construction', in_use: 'In use', cancelled: 'Cancelled' },
  handoverStatus: { open: 'Open', overdue: 'Overdue', incomplete: 'Incomplete', complete: 'Complete' },
  handoverItem: { accounts_closed: 'Accounts and permissions closed', materials_returned: 'Materials and data returned', passwords_changed: 'Keys and passwords changed', successor: 'Successor' },
  agreementStatus: { in_force: 'In force', expiring: 'Expiring', expired: 'Expired', unsigned: 'Unsigned', not_started: 'Not yet in force' },
  grade: { general: 'General', relatively_major: 'Relatively major', major: 'Major', especially_major: 'Especially major' },
  obligationStatus: { done: 'Done', overdue: 'Overdue', due: 'Due', open: 'Due', upcoming: 'Upcoming', pending: 'Due', late: 'Done late' },
  frequency: { year: 'Yearly', half: 'Half-yearly', quarter: 'Quarterly', month: 'Monthly', week: 'Weekly', day: 'Daily' },
  dashboard: {
    myDuties: 'My duties', myAgreements: 'My agreements', myTraining: 'My training',
    findings: 'Findings', bySeverity: 'By severity', byRule: 'By rule', trend: 'Findings over the last 12 months', deadlines: 'Deadlines in the next 30 days',
    overdue: 'Overdue duties', notices: 'Open notices', expiring: 'Agreements expiring', openFindings: 'All findings',
    noDeadlines: 'No deadlines in the next 30 days', month: 'Month', count: 'Count', due: 'Due', left: 'Left', item: 'Item', kind: 'Kind',
    errors: 'Errors', warnings: 'Warnings', infos: 'Info', totalFindings: 'Findings'
  },
  deadlineKind: { obligation: 'Duty', notice: 'Notice', agreement: 'Agreement expiry', incident: 'Incident report' },
  findings: {
    rule: 'Rule', severity: 'Severity', subject: 'Subject', message: 'Finding', since: 'Since', citation: 'Citation', subjectKind: 'Subject kind',
    noClauseText: '(clause text not on record)', counts: 'Errors {error} · warnings {warning} · info {info}', asOfHint: 'Checks the facts as they stood on that date',
    recordedOn: 'As recorded on', recordedNow: 'current records', dates: 'As of {as_of}, as recorded on {recorded_on}'
  },
  org: {
    established: 'Established', dissolved: 'Dissolved on', kindRenamed: 'Renamed or moved (from a day on; the old name stays as history)',
    departments: 'Departments', bodies: 'Bodies', posts: 'Posts & duties', deptName: 'Department', parent: 'Parent', head: 'Head', liaison: 'Liaison',
    people: 'People', orgChart: 'Org chart', leads: 'Leads', duties: 'Duties', source: 'Source', addDept: 'Add department', editDept: 'Edit department',
    noBodies: 'No bodies yet', vacant: 'vacant', members: 'Members'
  },
  people: {
    importAdded: 'Added', importUpdated: 'Updated (the record with this ID was overwritten)', sampleMark: '(sample row, skipped on import)',
    idSpaces: 'An ID may not contain spaces: "{v}"', unknownDept: 'The unit has no department "{v}"',
    name: 'Name', id: 'Person ID', department: 'Department', backgroundCheck: 'Background check', posts: 'Current posts', appointments: 'Appointments',
    timeline: 'Timeline', appoint: 'Appoint', end: 'End', addPerson: 'Add person', editPerson: 'Edit person', post: 'Post', seat: 'Seat',
    body: 'Body', scope: 'Scope', from: 'From', to: 'To', fullTime: 'Full-time', current: 'Current', ended: 'Ended',
    appointKind: 'Kind', kindPost: 'Post', kindSeat: 'Body seat', scopeUnit: 'Whole unit', scopeDept: 'Department', scopeSystem: 'System',
    wouldBreak: 'This appointment would break these rules', acknowledge: 'I have read these findings and still want to save', saveAnyway: 'Save anyway',
    appointed: 'Appointment saved', appointedWithFindings: 'Appointment saved with {n} findings', endConfirm: 'End {name}\'s appointment as {post}?',
    endDate: 'Last day + 1 (no longer holds from)', ended_ok: 'Appointment ended', postTimeline: 'Post history', holders: 'Holders', choosePost: 'Pick a post to see its holders',
    importPeople: 'Import people from Excel', template: 'Template', rowErrors: 'Per-row result', row: 'Row', result: 'Result', ok: 'OK',
    importDone: 'Imported: {ok} rows, {bad} failed', noBackground: 'none', resultSheet: 'Result',
    sampleName: 'Zhang San', sampleDept: 'Network Information Center', needIdName: 'Person ID and name are required',
    endChange: 'It changed: no longer held from a day on', endCorrect: 'It was recorded wrongly: correct it (withdraw the appointment; it never held)',
    endSameDay: 'It ends on the day it started: this is a correction, and the appointment is withdrawn (it never held).',
    correctHint: 'This appointment was recorded by mistake: withdrawn, it never held. The audit log keeps the old record, and the history still shows what was recorded then.',
    correctReason: 'Reason', correctReasonHint: 'e.g. the wrong person was entered', withdraw: 'Withdraw', withdrawn_ok: 'Corrected: the appointment is withdrawn',
    errAlreadyEnded: 'This appointment ended on {to}. If that date was recorded wrongly, choose "recorded wrongly" to correct it.',
    errEndBeforeStart: 'The end cannot be before the appointment started, on {from}.', errGone: 'This appointment is gone (withdrawn perhaps): refresh.',
    errEnd: 'Could not save ({status}); try again later.', joined: 'Joined', left: 'Left',
    leftHint: 'Left the unit on (first day away): their current appointments end that day'
  },
  systems: {
    name: 'System', owner: 'Owner department', mlps: 'MLPS level', filing: 'Filing no.', filedOn: 'Filed on', lastAssessed: 'Last assessed',
    nextAssessment: 'Next assessment', responsible: 'Responsible', admins: 'Administrators', ci: 'Critical infrastructure', website: 'Public website',
    add: 'Add system', edit: 'Edit system', level: 'Level {n}', notFiled: 'not filed', never: 'never',
    inService: 'In service from', retired: 'Retired on', inServiceHint: 'Left empty: in service from today, so no earlier day\'s check changes',
    writeKind: 'This edit', kindChange: 'A change (from a day on; the old values stay as history)', kindCorrect: 'A correction (recorded wrongly; the audit log keeps the old value)',
    changedOn: 'Changed on', history: 'Earlier entries', until: 'Until (excl.)', assessments: 'Assessments',
    project: 'Built by project', projectHint: 'The IT project of the unit that built the system (from the IT projects register)'
  },
  documents: {
    campaigns: 'Signing campaigns', openCampaign: 'Open a campaign', kind: 'Kind', year: 'Year', date: 'Date of the letters', progress: 'Progress',
    send: 'Mark sent', close: 'Close', show: 'Show', number: 'Number', person: 'Signer', department: 'Department', title: 'Title',
    status: 'Status', preview: 'Preview', download: 'Download', sign: 'Sign', scan: 'Upload signed scan', generate: 'Generate', post: 'Post',
    signTitle: 'Sign in the platform', signHint: 'Read the whole document. When you confirm, the platform records who and when and the SHA-256 and SM3 of the exact file, sealed with the unit\'s key.',
    password: 'Your password again', signed: 'Signed', opened: '{n} letters generated', sent: '{n} marked sent', closed: 'Campaign closed',
    generated: 'Generated {number}', scanned: 'Paper signature recorded', returned: 'Original filed', markReturned: 'Original filed',
    allCampaigns: 'All campaigns', signedOf: '{signed} of {total} signed'
  },
  docStatus: { generated: 'Generated', sent: 'Sent', signed: 'Signed', returned: 'Filed', open: 'Open', closed: 'Closed' },
  verify: {
    title: 'Verify a document', number: 'Number', unknown: 'No document of this platform has this number', valid: 'Signed; the signature verifies', unsigned: 'Not signed yet',
    invalid: 'The signature does not verify', doc: 'Document', person: 'For', date: 'Date', sha256: 'SHA-256', sm3: 'SM3', signer: 'Signer', at: 'Signed at',
    method: 'How', alg: 'Algorithm', platform: 'In the platform', paper: 'On paper', hint: 'Check: the SHA-256 of the file you hold must equal the one above (e.g. sha256sum FILE); zeren doc verify checks a file directly.'
  },
  handovers: {
    person: 'Leaver', post: 'Post', postId: 'Post id', leftOn: 'Left on', dueOn: 'Due by', successor: 'Successor',
    accounts_closed_on: 'Accounts closed', materials_returned_on: 'Materials returned', passwords_changed_on: 'Passwords changed', completed_on: 'Completed',
    status: 'Status', missing: 'Missing', agreements: 'Agreements still in force', add: 'Record a handover', edit: 'Edit handover', templateName: 'Handover import template',
    hint: 'Whoever leaves a key post hands over within a week (accounts and permissions closed, materials and data returned, keys and passwords changed, a successor named) and may leave only then. The period and the checklist are the unit policy\'s.'
  },
  vulns: {
    system: 'System', title: 'Vulnerability', source: 'Source', sourceId: 'Source id', severity: 'Severity', severityId: 'Severity id', found_on: 'Found on', due_on: 'Own deadline',
    deadline: 'Fix by', fixed_on: 'Fixed on', verified_on: 'Verified on', status: 'Status', notice: 'Notice', noticeHint: 'Notice id (optional)',
    add: 'Record a vulnerability', edit: 'Edit vulnerability', templateName: 'Vulnerability import template', sampleTitle: 'Remote code execution in some component', ofNotice: 'Only the vulnerabilities of notice {id}'
  },
  plans: {
    title: 'Plan', version: 'Version', approved_on: 'Approved on', reviewed_on: 'Last reviewed', withdrawn_on: 'Withdrawn on', reviewDue: 'Next review',
    drills: 'Drills', reviews: 'Reviews', reviewOn: 'Reviewed on', reviewBy: 'Reviewer', reviewOutcome: 'Outcome', addReview: 'Add a review',
    status: 'Status', add: 'Record a plan', edit: 'Edit plan', templateName: 'Emergency plan import template', sampleTitle: 'Cybersecurity incident emergency plan'
  },
  projects: {
    name: 'Project', department: 'Department', departmentId: 'Department id', budget: 'Budget (yuan)', security_budget: 'Security budget (yuan)',
    budgetWan: 'Budget (10k yuan)', securityBudgetWan: 'Security (10k yuan)', share: 'Security share', status: 'Status', approved_on: 'Approved on',
    started_on: 'Started on', in_use_on: 'In use since', cancelled_on: 'Cancelled on', sync: 'Three synchronizations', security_planned: 'Planned together',
    security_built: 'Built together', security_implemented: 'In use together', add: 'Record a project', edit: 'Edit project', templateName: 'IT project import template',
    sampleName: 'Construction of some information system',
    hint: "A new IT project's security budget is at least 5% of its total, and its security is planned, built and put into use together with it. The share is the unit's policy's."
  },
  logSources: {
    name: 'Log source', system: 'System', ownUnit: 'The unit itself', kind: 'Kind of log', kindId: 'Kind id', retention_days: 'Kept (days)',
    required_days: 'Required (days)', checked_on: 'Verified on', status: 'Status', add: 'Record a log source', edit: 'Edit log source',
    templateName: 'Log retention import template', sampleName: 'Operation log of a system',
    hint: 'Network logs are kept at least six months (Cybersecurity Law art. 21); the days for each kind of log follow the unit\'s policy. The network administrators verify each source\'s setting regularly and record the day.'
  },
  trainings: {
    title: 'Session', held_on: 'Held on', organiser: 'Organiser', kind: 'Kind', kindId: 'Kind id', level: 'Level', levelId: 'Level id',
    department: 'Department', departmentId: 'Department id', hours: 'Class hours', attendees: 'Attendees', person: 'Attendee',
    certificate: 'Certificate name or number', wholeSession: 'Whole', hourUnit: ' h', addAttendee: 'Add attendee', year: 'Year',
    add: 'Record a session', edit: 'Edit session', templateName: 'Training import template', sampleTitle: 'Security awareness training',
    hint: 'The class hours each key-post holder needs a year, and the certificates security staff must hold, follow the unit\'s policy; for a department\'s own session choose "Department" and name it: it does that department\'s yearly departmental training.'
  },
  trainingHours: {
    sessions: 'Sessions', tab: 'Hours per person', name: 'Name', department: 'Department', posts: 'Key posts', hours: 'Hours in the year', required: 'Required',
    status: 'Met', short: 'Short', enough: 'Enough', asOf: 'As of', requiredOnly: 'Only those with required hours', exportName: 'Training hours per person',
    hint: 'Class hours attended in the year ending on the chosen day; for those the unit\'s training-hours rule names (key-post holders, or everyone) the hours required and whether they are met.'
  },
  registers: { importHint: 'One record per row, the id first: an existing id is changed, a new one added; a person by id or name, dates as YYYY-MM-DD.', badDate: '{field} must be YYYY-MM-DD: {v}', needId: 'The id is required' },
  agreements: {
    kind: 'Kind', person: 'Signatory', from: 'From', to: 'Until', signedOn: 'Signed on', status: 'Status', daysLeft: 'Days left',
    add: 'Add agreement', edit: 'Edit agreement'
  },
  obligations: {
    list: 'List', calendar: 'Calendar', name: 'Duty', period: 'Period', due: 'Due', status: 'Status', department: 'Department', doneOn: 'Done on',
    by: 'By', evidence: 'Evidence', record: 'Record done', recordTitle: 'Record done: {name}', upload: 'Upload', uploaded: 'Uploaded',
    recorded: 'Recorded', ics: 'Calendar feed (ICS)', icsUnit: 'Unit calendar (ICS)', frequency: 'Frequency', owner: 'Owed by', workingDaysLeft: 'Working days left',
    source: 'Source', evidenceRequired: 'Evidence required', eachDept: 'Every department', unitOwes: 'The unit'
  },
  incidents: {
    title: 'Incident', system: 'System', category: 'Category', grade: 'Grade', occurredAt: 'Occurred', detectedAt: 'Detected',
    reportedAt: 'Reported', resolvedAt: 'Resolved', outage: 'Outage (hours)', pii: 'Personal records leaked', summaryOn: 'Summary report',
    add: 'Record incident', edit: 'Edit incident', chain: 'Chain', chainTitle: 'Who was responsible when it occurred', clauses: 'Clauses triggered',
    chainPerson: 'Person', chainPost: 'Post', chainScope: 'Scope', chainLevel: 'Level', differs: 'Recomputed from today\'s appointment history, the chain differs from the one recorded with the incident:'
  },
  notices: {
    issuer: 'Issuer', documentNo: 'Document no.', title: 'Title', systems: 'Systems', receivedOn: 'Received', deadline: 'Deadline',
    left: 'Left', rectifiedOn: 'Rectified', feedbackOn: 'Feedback', add: 'Record notice', edit: 'Edit notice', open: 'Open only',
    countdown: 'Countdown', done: 'Rectified', feedback: 'Feedback', feedbackHint: 'What was done, reported back to the issuer', sentDown: 'Sent down'
  },
  supervision: {
    ranking: 'Units below, ranked', trend: 'Last 12 months', sent: 'Notices sent down', send: 'Send a notice', rank: 'Rank', unit: 'Unit', score: 'Weighted score',
    weights: 'Weights: error {error}, warning {warning}, info {info}', noticesOverdue: 'Notices overdue', reportsLate: 'Incident reports late', agreementsMissing: 'Agreements missing',
    responsibleMissing: 'Responsible missing', subtree: 'With units below', drill: 'Findings', units: 'Units', workingDays: 'Deadline (working days)',
    workingDaysHint: "Empty: each unit's policy", rectifyBy: 'or a last day', feedback: 'Feedback', findings: 'Findings raised', sentOk: 'Sent to {n} units',
    byRule: 'By rule',
    reportedOn: 'reported as of {date}'
  },
  inspection: {
    tab: 'Inspections', add: 'Record an inspection', id: 'Inspection no.', unit: 'Unit inspected', on: 'Day', scope: 'Scope', inspectors: 'Inspectors',
    items: 'Items found', item: 'Item', basis: 'Clause', department: 'Department to rectify', dueOn: 'Due by', workingDays: 'or working days',
    deadlineHint: "Both empty: the inspected unit's policy", addItem: 'Add an item', recorded: "Recorded; {n} items assigned in the unit's register",
    source: 'Source', sourceText: 'Inspection by {inspector} on {on}: {scope}', notVisible: '—'
  },
  data: {
    exportTitle: 'Export zeren/v1', exportHint: 'Download all of the unit\'s data as zeren/v1 JSON (backup or migration).', download: 'Download',
    importTitle: 'Import zeren/v1', importHint: 'Upload a zeren/v1 JSON file. One transaction: on any error nothing changes, and the error names the place.',
    choose: 'Choose file', imported: 'Imported', importFailed: 'Import failed', peopleTitle: 'Import people from Excel'
  },
  admin: {
    username: 'Username', displayName: 'Name', person: 'Person', roles: 'Roles', department: 'Department', disabled: 'Disabled', lastLogin: 'Last login',
    mustChange: 'Must change', addAccount: 'Add account', resetPassword: 'Reset password', revokeSessions: 'Sign out everywhere', otp: 'One-time password',
    otpHint: 'This is the first half of the one-time password, shown only once: give it to the account\'s holder. The approver (the security or audit administrator) gives them the second half; they type both together and must change it at first sign-in.', requested: 'Request made; it takes effect once approved', grant: 'Grant', editRoles: 'Edit roles',
    created: 'Account created', enabled: 'Enabled', locked: 'Locked', sanyuan: 'Separation of duties: no account holds two platform roles, nor a platform role beside a business one; the server refuses such grants and says why.'
  },
  audit: {
    time: 'Time', account: 'Account', action: 'Action', object: 'Object', success: 'Result', source: 'Source', detail: 'Detail', ok: 'OK', failed: 'Failed',
    verify: 'Chain check', intact: 'Audit chain intact', broken: 'Audit chain broken', checked: '{n} entries checked', firstBroken: 'First broken entry', exportCsv: 'Export CSV',
    actionPrefix: 'Action prefix', logins: 'Login log'
  },
  evaluation: {
    measures: { findings: 'findings', duties_overdue: 'duties overdue', duties_on_time: 'duties done on time', notices_late: 'notices rectified late', incidents_late: 'incidents reported late', incidents_repeat: 'repeat incidents', incidents: 'incidents' }, atMost: 'at most {n}',
    rounds: 'Rounds', ranking: 'Ranking', sheet: 'Score sheet', indicators: 'Indicators', history: 'Years compared',
    year: 'Year', version: 'Version', state: 'State', asOf: 'Record as of', open: 'Open a round', reopen: 'Re-evaluate', reason: 'Reason',
    states: { scoring: 'Scoring', review: 'Under review', published: 'Published' },
    kinds: { department: 'Department', unit: 'The unit', supervised_unit: 'Supervised unit' },
    subject: 'Subject', score: 'Score', marks: 'Marks', percent: 'Percent', grade: 'Grade', rank: 'Rank', veto: 'Veto',
    incomplete: 'To score', indicator: 'Indicator', scoring: 'Scoring', scorings: { auto: 'Automatic', manual: 'Manual', veto: 'Veto', group: 'Group' },
    appliesTo: 'Applies to', causes: 'Points lost', noCauses: 'Nothing lost', points: 'Points', guide: 'Guide',
    autoScore: 'From the records', autoScoreText: '{score} (computed from the records)', adjustReason: 'Reason for the change', adjustReasonNeeded: 'Changing an automatically scored item needs a reason',
    enterScore: 'Score', comment: 'Comment', evidence: 'Evidence', release: 'Release', publish: 'Confirm and publish',
    objectionDeadline: 'Objections until', objections: 'Objections', object: 'Object', objectReason: 'Reason', resolve: 'Answer',
    answer: 'Answer', answered: 'Answered', openObjection: 'Open', publishedBy: 'Published by', releaseHint: 'Every manual item must be scored first.',
    publishConfirm: 'A published round is frozen and no longer follows the facts. Publish?', exportExcel: 'Export Excel', report: 'Print report', reportPdf: 'PDF report',
    grades: 'Grade bands', min: 'Minimum', deduct: 'Deduct', award: 'Award', per: { item: 'per item', day: 'per day' },
    editorNote: 'The indicators are the "evaluation" section of the unit\'s policy, versioned with it; edit them in the policy editor.',
    scorers: 'Scorers', assign: 'Assign a scorer', scorer: 'Scorer account', assignedIndicators: 'Indicators', assignedDepartments: 'Departments',
    allSheets: 'Every sheet', withdraw: 'Withdraw', myScoring: 'My scoring',
    assignHint: 'A scorer sees and scores only the manual indicators assigned to it; without departments, on every sheet. Assigning again replaces the scorer\'s earlier assignment.'
  },
  evaluationEditor: {
    tab: 'Evaluation indicators', inherited: 'This version has no indicators of its own: the set in force (below) applies.', customize: 'Customize, starting from the set in force',
    inherit: 'Back to the set in force', objectionWorkdays: 'Objection period (working days)', addGroup: 'Add a group', addItem: 'Add an item',
    newIndicator: 'New indicator', editIndicator: 'Edit indicator', titleZh: 'Title', titleEn: 'Title in English', max: 'Cap',
    addMeasure: 'Add a measure', ruleIds: 'Rule ids, comma-separated (none: all)', obligationIds: 'Duty ids, comma-separated (none: all)',
    document: 'Document', clause: 'Clause', quote: 'Text (optional)', addCitation: 'Add a citation',
    idTitleNeeded: 'An id and a title are required', idTaken: 'Id {id} is taken', citationNeeded: 'An item needs at least one citation (document and clause)'
  },
  unitPolicy: {
    accountability: 'Accountability clauses', accCase: 'Case', accDocument: 'Document', accClause: 'Clause', accOwn: 'The accountability clauses of this version: an incident\'s accountability page and report cite them, by the version in force on the day of the incident.', accBase: 'This version has no accountability clauses of its own and follows those of the shipped policy {id}; a draft made from the unit\'s regulation lists its accountability clauses here.',
    hint: "The unit's own policy is kept as versions: the office drafts a version over the chosen shipped profile (or from an uploaded regulation); it takes force only once a leader approves it from a date (four eyes: whoever drafted it cannot approve it). An approved version cannot change, only be replaced by a newer one; a check of a day follows the version in force that day.",
    versions: 'Policy versions', version: 'Version', newVersion: 'New version', upload: 'Draft from a regulation file', inForce: 'In force', inForceFrom: 'In force from',
    reason: 'Reason', draftedBy: 'Drafted by', draftedAt: 'Drafted at', decidedBy: 'Decided by', followsVersion: 'Now: unit version {v}', followsProfile: 'Now: shipped profile {id} (no unit version)',
    approve: 'Approve', reject: 'Reject', approveTitle: 'Approve the version', approveHint: 'Once approved, the version takes force on the date and cannot change. Its author cannot approve it.',
    rejectReason: 'Why is it rejected?', approved: 'Approved, in force from {d}', saveDraft: 'Save draft', savedDraft: 'Saved as draft version {v}', reasonNeeded: 'Give the reason for the change',
    frozen: 'A decided version cannot change', rules: 'Rules', obligations: 'Recurring duties', addRule: 'Add rule', addObligation: 'Add duty', origin: 'Origin',
    originKind: { base: 'Inherited', changed: 'Changed', added: 'Added', removed: 'Removed' }, removeRule: 'Remove', acceptEdit: 'Accept / edit', rejectRule: 'Reject', restore: 'Restore shipped',
    review: 'Review list ({n})', reviewReason: 'Why', diff: 'Compare with the version in force', diffHint: 'Compared with the version in force today, as it stands in the editor (saved or not).',
    change: 'Change', before: 'Before', after: 'After', diffKind: { added: 'Added', removed: 'Removed', changed: 'Changed' }, rule: 'Rule', obligation: 'Duty',
    preview: 'Preview findings', runPreview: 'Preview', previewKind: { added: 'Added', gone: 'Gone' },
    previewSummary: 'With this version the unit would have {with} findings on that day instead of {now}: {added} added, {gone} gone.',
    drafted: 'Drafted version {v} from the file ({n} proposed rules): accept, edit or reject each', ownTitle: "The unit's cybersecurity policy",
    editRule: 'Rule', editObligation: 'Recurring duty', keptParams: 'Other parameters (kept)', document: 'Document title, e.g. 《…》', clause: 'Clause, e.g. 第九条',
    quote: 'Quoted text', addCitation: 'Add citation', source: 'The sentence it was drafted from', idAndTitle: 'Give an id and a title', citationNeeded: 'Give an id, a title and at least one citation (document and clause)',
    perOrg: 'Whole unit', perDepartment: 'Each department', backgroundCheck: 'Background check', owner: 'Owner', recurrence: 'Recurrence', due: 'Due', evidence: 'Evidence',
    ownerKind: { org: 'Unit', each_department: 'Each department', post: 'Post', body: 'Body' },
    freq: { yearly: 'Yearly', half: 'Half-yearly', quarterly: 'Quarterly', monthly: 'Monthly', weekly: 'Weekly', daily: 'Daily' },
    dueKind: { days: 'Days after the period', workdays: 'Working days after the period', day_of_next: 'By a day of next month' },
    dueText: { days: 'within {n} days after the period', workdays: 'within {n} working days after the period', day_of_next: 'by the {n}th of next month' },
    unit: { workdays: 'working days', days: 'days', hours: 'hours', months: 'months', people: 'people', level: 'level', classHours: 'class hours a year', percent: '%' },
    mapHint: '0 or empty: no figure of its own'
  },
  versionStatus: { draft: 'Draft', approved: 'Approved', rejected: 'Rejected' },
  reviewReason: { no_engine_kind: 'No such rule kind yet', incomplete: 'Incomplete', vague_period: 'Vague period', normative: 'Normative sentence' },
  ruleKind: {
    exclusive_posts: 'Exclusive posts', full_time: 'Full-time', min_holders: 'Minimum holders', required_post: 'Required post', body_composition: 'Body composition',
    system_owner: 'System owner', system_mlps: 'MLPS', agreement_in_force: 'Agreement in force', agreement_expiring: 'Agreement expiring', personnel_record: 'Personnel record',
    notice_deadline: 'Notice rectification deadline', notice_feedback: 'Notice feedback deadline', incident_report: 'Incident report deadline', incident_repeat: 'Repeat incident', incident_outage: 'Outage',
    incident_summary: 'Incident summary report', obligation_overdue: 'Duty overdue',
    handover: 'Handover', vulnerability_fix: 'Vulnerability fix deadline', emergency_plan: 'Emergency plan review', required_agreement: 'Required agreement',
    log_retention: 'Log retention', training_hours: 'Training hours', training_certificate: 'Certificate',
    project_security: 'IT project security budget and the three synchronies',
    rectification_overdue: 'Assigned rectification overdue'
  },
  ruleParam: {
    post: 'Post', excludes: 'Not also', strict: 'Holds no other post', posts: 'Posts', min: 'Minimum', per: 'Per', body: 'Body', seats: 'Seats',
    member_posts: 'Members include posts', member_department_posts: "Members include each department's", owner_department: 'Owner department required', filing_min_level: 'Filing from level',
    agreement: 'Agreement', within_days: 'Warn before', record: 'Record', workdays: 'Deadline', lookback_days: 'Kept for', hours: 'Deadline', min_grade: 'From grade',
    months: 'Within', important_min_level: 'Important from level', days: 'Deadline',
    assessment_months: 'Assessment by level', operator_hours: 'Deadline by operator type', attack_classifications: 'Classifications that are attacks',
    requires: 'Handover records', verify: 'Fix must be verified', review_months: 'Review every', everyone: 'Everyone', per_year: 'Signed yearly',
    budget_percent: 'Security budget at least', three_sync: 'Planned, built and used together'
  },
  policy: { rule: 'Rule', kind: 'Kind', severity: 'Severity', citation: 'Citation', params: 'Parameters', unitPolicy: 'Unit policy', change: 'Switch policy' },
  notify: {
    bell: 'Messages', unread: '{n} unread', readAll: 'Mark all read', all: 'All messages', none: 'No messages', unreadOnly: 'Unread only', markRead: 'Mark read',
    subject: 'Subject', body: 'Text', time: 'Time', read: 'Read', rule: 'Reminder', person: 'Recipient', channel: 'Channel', state: 'State',
    attempts: 'Attempts', answer: "Provider's answer", nextAt: 'Next attempt', prefs: 'Notification preferences', email: 'Mail address', muted: 'Channels not wanted',
    quiet: 'Quiet hours', quietHint: 'No mail or robot messages in these hours (in-platform messages still arrive)', unit: 'Unit', enabled: 'Enabled',
    secretSet: 'Set (leave empty to keep)', test: 'Test send', testTo: 'Send the test to', testOk: 'Sent: {answer}', lastFailure: 'Last failure',
    channelsHint: 'Channels are set by the system administrator; secrets are stored sealed and shown as "set" only.', noPerson: 'This account is linked to no person: it has no messages.',
    host: 'Server', port: 'Port', security: 'Security', username: 'User name', from: 'Sender address', password: 'Password', webhook: 'Webhook address', secret: 'Signing secret'
  },
  notifyChannel: { inbox: 'In-platform', mail: 'Mail', dingtalk: 'DingTalk', wecom: 'WeCom', feishu: 'Feishu' },
  notifyState: { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' },
  notifyRule: {
    sign_request: 'Letter to sign', sign_due: 'Signing deadline', sign_overdue: 'Letter unsigned (escalated)', eval_released: 'Evaluation released', eval_last_day: 'Objections close today',
    eval_objected: 'Evaluation objection', eval_resolved: 'Objection answered', eval_ready: 'Evaluation ready to confirm', eval_published: 'Evaluation published',
    duty_due: 'Duty due', duty_overdue: 'Duty overdue (escalated)', notice_received: 'Notice received', notice_due: 'Notice deadline',
    notice_overdue: 'Notice overdue (escalated)', incident_report: 'Incident report limit', incident_summary: 'Incident summary', agreement_expiring: 'Agreement expiring',
    system_mlps: 'MLPS assessment due', finding_error: 'New findings', test: 'Test send'
  },
  operatorType: { cii_operator: 'Critical information infrastructure operator', central_state_organ: 'Central or state organ, or a unit directly under one', other: 'Other network operator' },
  mlpsLevel: { 1: 'Level 1', 2: 'Level 2', 3: 'Level 3', 4: 'Level 4', 5: 'Level 5' },
  incidentClass: {
    malware: 'Malware incident', network_attack: 'Network attack incident', data_security: 'Data security incident', content_security: 'Information content security incident', equipment_failure: 'Equipment or facility failure',
    improper_operation: 'Improper operation incident', security_hazard: 'Security hazard incident', abnormal_behavior: 'Abnormal behaviour incident', force_majeure: 'Force majeure incident', other: 'Other incident'
  },
  policyApprovers: {
    label: 'Approved by', leader: 'A leader of the unit', leading_group: 'Leader or deputy of the leading group',
    reason: 'Why change who approves?', hint: 'Who approves the unit\'s policy versions, set by the security administrator; a drafter never approves their own version.'
  },
  rectify: {
    title: 'Finding', rule: 'Rule', department: 'Department', person: 'Person', assigned_on: 'Assigned on', due_on: 'Own deadline',
    deadline: 'Deadline', rectified_on: 'Rectified on', rectification: 'What was done', evidence: 'Evidence', closed_on: 'Closed on',
    status: 'Status', holds: 'Still holds', mine: 'Mine only', assign: 'Rectify', assigned: 'Assigned', assignTitle: 'Assign for rectification',
    assignHint: 'Left empty, the deadline counts the working days of the unit\'s policy from the day assigned', needWho: 'Choose a department or a person',
    rectify: 'Report rectification', verify: 'Verify and close', reopen: 'Assign again', edit: 'Edit assignment', stillHolds: 'The finding still holds on the chosen date; once closed it will show as reopened.',
    goRegister: 'Open the register', myItems: 'My rectifications', openItems: 'Open rectifications', noneOpen: 'No open rectifications', created: 'Assigned; follow it in the register', reopenConfirm: 'Assigning again clears the rectification and closing dates; the deadline counts from today.'
  },
  rectifyStatus: { assigned: 'In progress', overdue: 'Overdue', rectified: 'Awaiting verification', closed: 'Closed', reopened: 'Reopened' },
  workcal: { years: 'Years loaded', upload: 'Upload calendar (CSV)', check: 'Working days', add: 'Add working days', between: 'Working days between', isWorkday: 'Is a working day' },
  reports: {
    notice: 'Rectification report', incident: 'Handling report',
    accountability: 'Accountability report', accountabilityFile: 'accountability', selfcheck: 'Half-yearly self-check', selfcheckFile: 'self-check',
    pdf: 'PDF', xlsx: 'Excel lists', findingsPdf: 'Findings report (PDF)', findingsXlsx: 'Findings (Excel)', findingsFile: 'findings'
  },
  templates: {
    title: 'Letter templates', sample: 'Sample person', own: "The unit's own", shipped: 'Shipped', text: 'Template', preview: 'Preview',
    noPreview: 'Preview shows a letter made from this template', save: 'Save as policy draft', reason: 'Reason (required)', needReason: 'Give a reason',
    saved: 'Saved as a policy draft: used once a leader approves it and it is in force', badJson: 'The template is not valid JSON: {message}',
    fields: 'Fields: {unit}, {department}, {person}, {post}, {number}, {year}, {from} {to} (the term), {date}; in duty and clause lists {n} {text}.'
  },
  federation: {
    tab: 'Federated units', unitKeys: "Units' public keys", registerUnitKey: "Register a unit's key", uploadReport: 'Upload a report package', reports: 'What each unit reported',
    unitId: 'Unit id', unitName: 'Unit', alg: 'Algorithm', fingerprint: 'Fingerprint', registeredAt: 'Registered', reportsTo: 'Reports to',
    asOf: 'As of', errors: 'Errors', notices: 'Notices', signer: 'Signed with', importedAt: 'Imported',
    publicKey: 'Public key', publicKeyHint: 'Paste the line "zeren report key" prints (zeren-audit-pub/1 …)', fromFile: 'Read from a file',
    verified: 'Signature verified, imported', verifiedText: "{org}'s report as of {as_of}, signed with key {key}; now in the ranking and the trend.",
    refused: 'Refused; nothing changed', keyRegistered: 'Key registered',
    trendHint: 'Dashed: units that run their own zeren and report up in signed packages. Each package is a point in the month of its as-of date; a month without one is a gap and left out of that month\'s total.',
    reportedShort: 'reported',
    ownKey: "The unit's public key", ownKeyHint: "Report packages are signed with the unit's document signing key. Give this key (or its fingerprint) to the supervisor to register; it verifies the packages with it.",
    copy: 'Copy key', copied: 'Copied', downloadKey: 'Download key file',
    supervisorKeys: "Supervisors' keys registered", registerSupervisorKey: "Register the supervisor's key", supervisorId: 'Supervisor id', supervisorName: 'Supervisor',
    exportTitle: 'Export a signed report package', exportHint: 'Choose what to share; the package also carries the findings with their citations as of the day, the duties of the year and the published evaluation.',
    to: 'Report to', toHint: "Pick or type the supervisor's id", share: 'Share', alwaysSent: 'The unit itself is always sent.', exportButton: 'Export and download', exported: 'Report package made and downloaded',
    importTitle: "Import the supervisor's notice package", importHint: 'Upload a signed notice package from the supervisor. Its key must be registered; a package whose signature fails, that was altered or is for another unit is refused.',
    noticesRecorded: 'Signature verified, notices recorded', noticesRecordedText: '{n} notice(s) from {from}', goNotices: 'Go to notices'
  },
  fedSection: {
    organizations: 'The unit', departments: 'Departments', people: 'People', appointments: 'Appointments', systems: 'Systems', agreements: 'Agreements',
    incidents: 'Incidents', notices: 'Notices and feedback', vulnerabilities: 'Vulnerabilities', trainings: 'Trainings', rectifications: 'Rectifications'
  },
  inspected: {
    hint: "The supervisors' inspections of this unit. Each item is in the unit's register of rectifications; states and deadlines are as of the day chosen.", inspector: 'Inspected by', byPolicy: "policy's"
  },
  dict: {
    lists: 'Lists', name: 'List', kind: 'Kind', open: 'Own values', closed: 'System values', add: 'Add entry', edit: 'Edit entry', none: 'No entries yet: add one',
    sort: 'Order', value: 'Value', label: 'Label', labelEn: 'English label', source: 'Source', builtin: 'System', own: 'This unit', enabled: 'Enabled', disabled: 'Disabled',
    defaultLabel: 'Empty: the system label', valueRequired: 'Enter a value',
    openHint: "The unit's own values: once added, forms offer them. Entries are never deleted (records use them): disable one no longer used.",
    closedHint: 'The rules engine defines these values (compliance checks depend on them): relabel, reorder or disable them; none is added or deleted.'
  },
  dictList: {
    agreement_kind: 'Agreement kinds', training_kind: 'Training kinds', training_level: 'Training levels', incident_grade: 'Incident grades', vuln_severity: 'Vulnerability severities',
    vuln_source: 'Vulnerability sources', log_kind: 'Log kinds', incident_category: 'Incident categories', notice_issuer: 'Notice issuers'
  },
  settings: {
    hint: "The unit's settings. The policy's deadlines and thresholds are set in the unit's policy, not here. Every change is in the audit log.",
    name: 'Setting', value: 'Value', default: 'Default', setBy: 'Set by', usedBy: 'Used for', days: 'days',
    by: { office: 'Office', security: 'Security administrator (policy settings)' },
    deadlines: 'Deadlines in the next {n} days', noDeadlines: 'No deadlines in the next {n} days'
  },
  settingKey: { dashboard_deadline_days: 'Dashboard deadline days', announce_days: 'Announcement default days', policy_approvers: 'Policy version approvers' },
  settingUse: {
    dashboard_deadline_days: 'How many days ahead the dashboard lists deadlines',
    announce_days: 'How many days from its publish date a new announcement without an expiry is shown',
    policy_approvers: "Who approves the unit's policy versions (set by the security administrator)"
  },
  announce: {
    hint: 'Published, an announcement is shown on every dashboard of the unit and each person gets a message in the bell (read per person). Drafts are the office\'s only; withdrawn ones are shown no more.',
    add: 'New announcement', edit: 'Edit announcement', title: 'Title', body: 'Text', publishOn: 'Publish date', expiresOn: 'Expiry date', author: 'By', publishedAt: 'Published at',
    today: 'Default: today', defaultExpiry: 'Default: the days in settings', saveDraft: 'Save draft', publish: 'Publish', withdraw: 'Withdraw',
    withdrawConfirm: 'Once withdrawn nobody sees it and it changes no more. Withdraw?', published: 'Published', required: 'Enter a title and a text',
    notShown: 'Expired', card: 'Announcements', new: 'New'
  },
  announceStatus: { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' },
  importx: {
    hint: 'The id first (may be left empty: the system makes one): an existing id is changed, the rest added; people, departments and systems by name or id, several separated by 、. On a change an empty cell keeps the stored value; "(clear)" clears it. Preview first; nothing is written until you confirm.',
    preview: 'Preview: {create} to add, {update} to change, {bad} rows with errors (not imported); nothing is written until you confirm',
    willCreate: 'To be added', willUpdate: 'To be changed: {fields}', noChange: 'The same as stored: not written', idAuto: '(made by the system)',
    confirm: 'Import {n} rows',
    unknownPerson: 'No person "{v}" in this unit', unknownSystem: 'No information system "{v}" in this unit',
    badNumber: '{field} must be a number ({min}–{max}): {v}', badBool: '{field} must be yes or no: {v}',
    badOption: '{field} "{v}" is not one of {options}', badTime: '{field} must be "YYYY-MM-DD HH:MM": {v}',
    exists: 'The id "{v}" exists: appointments are only added here; end or correct one on the people page', appointments: 'Import appointments', appointmentsButton: 'Import appointments', person: 'Person', post: 'Post', postDepartment: 'Department of the post', postSystem: 'System of the post', body: 'Body', from: 'From', to: 'To',
    sameAs: 'The same record as row {row}', duties: 'Import duties done', dutiesButton: 'Import duties done', obligation: 'Duty', period: 'Period', department: 'Department', doneOn: 'Done on', by: 'Done by', notes: 'Notes',
    hintKeyed: 'One record done per row: the same duty, period and department already recorded is changed, the rest added; people and departments by name or id. On a change an empty cell keeps the stored value; "(clear)" clears it. Preview first; nothing is written until you confirm.',
    bodies: 'Import bodies', bodiesButton: 'Import bodies', bodyName: 'Name', bodyKind: 'Kind', established: 'Established', dissolved: 'Dissolved',
    systems: 'Import systems', agreements: 'Import agreements', incidents: 'Import incidents', notices: 'Import notices', sampleSystem: 'Sample system',
    people: 'Import people', keepNote: 'A row that changes a record changes only the cells it fills in: an empty cell keeps the stored value; to clear one, write "(clear)" in the cell.', cleared: '{field} (cleared)',
    unchanged: '{n} rows are the same as stored and are not written.'
  },
  adminHome: {
    accounts: 'Accounts', locked: 'Locked accounts', noneLocked: 'No account is locked', disabled: 'Disabled', mustChange: 'Awaiting first password', pending: 'Requests to decide',
    username: 'Username', displayName: 'Name', lockedUntil: 'Locked until', failures: 'Failures', recentLogins: 'Recent sign-ins', lastLogin: 'Last sign-in',
    granted: 'Accounts with roles', pendingRoles: 'Grants awaiting approval', roleChanges: 'Recent role grants', roles: 'Roles',
    records: 'Audit records', week: 'Last 7 days', refused: 'Refused requests', refusals: 'Recent refusals', privileged: 'Recent account and grant actions'
  },
  leader: {
    title: 'For the person in charge', approvals: 'Policy versions awaiting my approval', noApprovals: 'No version awaits approval', unsigned: 'Unsigned letters',
    overdueNotices: 'Notices past their deadline', lateIncidents: 'Incidents reported or summarised late', evaluation: 'Latest evaluation', noRound: 'No evaluation yet',
    score: 'Score', grade: 'Grade', drafted: 'Drafted', draftedBy: 'Drafted by', reason: 'Reason', open: 'Review'
  },
  print: { printedOn: 'Printed {date}' }
}
