-- zeren schema 22: federated supervision (issue 15, part 5). A unit that runs its own zeren
-- reports up to its supervisor in signed packages, and the supervisor's notices come down the
-- same way. Each side registers the other's public key: a supervisor the key of each unit
-- below that reports to it (direction 'unit'), a unit its supervisor's ('supervisor'). A
-- package signed with a key not registered here is refused.
CREATE TABLE federation_key (
	org TEXT NOT NULL,
	direction TEXT NOT NULL CHECK (direction IN ('unit', 'supervisor')),
	name TEXT NOT NULL,
	alg TEXT NOT NULL,
	key_id TEXT NOT NULL,
	public_key TEXT NOT NULL,
	registered_at TEXT NOT NULL,
	PRIMARY KEY (org, direction)
);
-- The last report a unit below sent up, as reported data: kept whole (the package's body) and
-- read-only, with its date and its signer, never merged into the supervisor's own records.
CREATE TABLE reported_unit (
	org TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	parent TEXT NOT NULL,
	as_of TEXT NOT NULL,
	key_id TEXT NOT NULL,
	alg TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	body TEXT NOT NULL
);
