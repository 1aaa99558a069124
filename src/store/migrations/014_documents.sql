-- zeren schema 14: documents generated to be signed, their signatures, and signing campaigns
-- (issue 14). The PDF itself is kept in the evidence store under its SHA-256; a row says what
-- it is about. A number is derived from what the document is about (core/documents.h), so the
-- same letter generated again keeps its number.
CREATE TABLE doc_campaign (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	kind TEXT NOT NULL,            -- the agreement kind of its letters
	year INTEGER,                  -- the year a responsibility letter covers
	title TEXT NOT NULL,           -- "2027年度网络安全工作责任书"
	doc_date TEXT NOT NULL,        -- the letters' date
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,      -- ISO 8601 UTC
	closed_at TEXT
);
CREATE TABLE document (
	number TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	kind TEXT NOT NULL,
	person TEXT NOT NULL REFERENCES person(id),
	department TEXT,
	post TEXT,
	title TEXT NOT NULL,
	from_date TEXT NOT NULL,
	to_date TEXT NOT NULL,
	doc_date TEXT NOT NULL,
	sha256 TEXT NOT NULL,          -- of the PDF's exact bytes (the evidence file)
	sm3 TEXT NOT NULL,
	pages INTEGER NOT NULL,
	campaign TEXT REFERENCES doc_campaign(id),
	status TEXT NOT NULL DEFAULT 'generated' CHECK (status IN ('generated', 'sent', 'signed', 'returned')),
	generated_by TEXT NOT NULL,
	generated_at TEXT NOT NULL
);
CREATE INDEX document_sha256 ON document(sha256);
CREATE INDEX document_campaign ON document(campaign);
CREATE INDEX document_org ON document(org);
-- A signature: who signed which bytes, when and how, sealed with the unit's key. `method`
-- platform: the signer confirmed with their password; paper: a signed scan was uploaded
-- (scan_sha256, kept as evidence). `signature` covers the record's line (core/documents.h).
CREATE TABLE doc_signature (
	id INTEGER PRIMARY KEY,
	number TEXT NOT NULL REFERENCES document(number),
	method TEXT NOT NULL CHECK (method IN ('platform', 'paper')),
	signer TEXT NOT NULL REFERENCES person(id),
	account TEXT NOT NULL,         -- the account that signed or uploaded, or cli:<user>
	signed_at TEXT NOT NULL,       -- ISO 8601 UTC
	signed_on TEXT NOT NULL,       -- the day in the unit's time zone
	sha256 TEXT NOT NULL,
	sm3 TEXT NOT NULL,
	scan_sha256 TEXT,
	alg TEXT NOT NULL,
	key_id TEXT NOT NULL,
	signature TEXT NOT NULL
);
CREATE INDEX doc_signature_number ON doc_signature(number);
