-- claimtrail's whole SQLite schema. It is applied to a new database as is;
-- an older database is upgraded by the steps in db/migrate.go, and
-- PRAGMA user_version records which version a file holds (schema.go).
--
-- Times are DATETIME columns holding UTC text, as go-sqlite3 writes a
-- time.Time ("2006-01-02 15:04:05.999999999+00:00"); the driver parses only
-- columns declared DATETIME/TIMESTAMP/DATE back into time.Time. Ids are
-- UUIDs as text. Lists and nested values are JSON text.

-- users are the people who sign in.
CREATE TABLE users (
	id            TEXT PRIMARY KEY,             -- UUID
	name          TEXT NOT NULL UNIQUE,         -- login name, no spaces or commas
	roles         TEXT NOT NULL DEFAULT '[]'    -- JSON array of roles: viewer, editor, checker, admin
	              CHECK (json_valid(roles) AND json_type(roles) = 'array'),
	disabled      INTEGER NOT NULL DEFAULT 0    -- 1: may not sign in or use tokens
	              CHECK (disabled IN (0, 1)),
	password_hash TEXT NOT NULL DEFAULT '',     -- encoded argon2id hash; '' for token-only users
	created_at    DATETIME NOT NULL,            -- UTC
	version       INTEGER NOT NULL DEFAULT 1,   -- optimistic lock, +1 on every change of roles, state, password or second factor
	totp_secret   TEXT NOT NULL DEFAULT '',     -- base32 TOTP secret (RFC 6238); '' while no second factor is enrolled
	totp_last_step INTEGER NOT NULL DEFAULT 0   -- the 30-second step of the last accepted code, so that a code works once
);

-- tokens are API bearer tokens. Only their SHA-256 is kept: the token
-- itself is shown once, at creation.
CREATE TABLE tokens (
	id         TEXT PRIMARY KEY,                -- UUID, named in the audit log instead of the token
	token_hash TEXT NOT NULL UNIQUE,            -- hex SHA-256 of the token
	name       TEXT NOT NULL DEFAULT '',        -- what the token is for ("cli", "laptop")
	user_id    TEXT NOT NULL REFERENCES users (id), -- whose token it is
	created_at DATETIME NOT NULL,               -- UTC
	revoked_at DATETIME,                        -- UTC; NULL while the token works
	last_used_at DATETIME                       -- UTC, to the minute (db.touch); NULL until first used
);
CREATE INDEX tokens_user_id ON tokens (user_id);

-- sessions are browser sign-ins. Only the SHA-256 of the cookie value is kept.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,                -- hex SHA-256 of the session token
	user_id    TEXT NOT NULL REFERENCES users (id), -- who signed in
	created_at DATETIME NOT NULL,               -- UTC
	expires_at DATETIME NOT NULL,               -- UTC; the session is refused from then on (absolute timeout)
	last_seen_at DATETIME NOT NULL              -- UTC, to the minute (db.touch); refused after the idle timeout
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- recovery_codes are the single-use codes that stand in for a lost TOTP
-- device. Only their SHA-256 is kept: they are shown once, at enrolment.
CREATE TABLE recovery_codes (
	code_hash TEXT PRIMARY KEY,                 -- hex SHA-256 of the code (80 random bits)
	user_id   TEXT NOT NULL REFERENCES users (id), -- whose code it is
	created_at DATETIME NOT NULL,               -- UTC
	used_at   DATETIME                          -- UTC; NULL while the code works
);
CREATE INDEX recovery_codes_user_id ON recovery_codes (user_id);

-- settings is the installation's one row of policy that admins change in
-- the browser. A missing row means every setting has its default.
CREATE TABLE settings (
	id           INTEGER PRIMARY KEY CHECK (id = 1), -- always 1
	require_totp INTEGER NOT NULL DEFAULT 0     -- 1: editors and admins must enrol a second factor
	             CHECK (require_totp IN (0, 1)),
	version      INTEGER NOT NULL DEFAULT 1     -- optimistic lock, +1 on every change
);

-- sources are who claims are attributed to.
CREATE TABLE sources (
	id          TEXT PRIMARY KEY,               -- UUID
	name        TEXT NOT NULL,                  -- display name
	type        TEXT NOT NULL                   -- kind of speaker
	            CHECK (type IN ('person', 'organization', 'government', 'media', 'think-tank', 'anonymous', 'other')),
	aliases     TEXT NOT NULL DEFAULT '[]'      -- JSON array of other spellings, searched with the name
	            CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
	url         TEXT NOT NULL DEFAULT '',       -- http(s) page about the source, or ''
	description TEXT NOT NULL DEFAULT '',       -- free text
	version     INTEGER NOT NULL DEFAULT 1,     -- optimistic lock, +1 on every update
	created_at  DATETIME NOT NULL,              -- UTC
	updated_at  DATETIME NOT NULL               -- UTC
);
CREATE INDEX sources_name ON sources (name, id);

-- documents are articles as captured. A body never changes; a corrected
-- article is a new row that supersedes the old one.
CREATE TABLE documents (
	id           TEXT PRIMARY KEY,              -- UUID
	title        TEXT NOT NULL,                 -- headline
	url          TEXT NOT NULL DEFAULT '',      -- where it was published, or ''
	publisher    TEXT NOT NULL DEFAULT '',      -- outlet name
	language     TEXT NOT NULL DEFAULT '',      -- BCP 47 tag (pl, en)
	published_at DATETIME,                      -- UTC; NULL when unknown
	body         TEXT NOT NULL,                 -- NFC text, paragraphs separated by a blank line
	sha256       TEXT NOT NULL,                 -- hex SHA-256 of body
	links        TEXT NOT NULL DEFAULT '[]'     -- JSON array of {start, end, text, href}, code-point offsets
	             CHECK (json_valid(links) AND json_type(links) = 'array'),
	supersedes   TEXT REFERENCES documents (id), -- the earlier version of this article, or NULL
	created_at   DATETIME NOT NULL,             -- UTC, when it was imported
	created_by   TEXT NOT NULL DEFAULT ''       -- name of the actor who imported it
);
CREATE INDEX documents_created ON documents (created_at DESC, id DESC);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_supersedes ON documents (supersedes);
-- The review queue's "new in my documents" starts from a user's imports.
CREATE INDEX documents_created_by ON documents (created_by, id);

-- document_fts is the full-text index of documents' title and body, one
-- row per document, its rowid the documents row's rowid, written when the
-- document is imported (bodies never change).
CREATE VIRTUAL TABLE document_fts USING fts5(
	folded, stems,                              -- search.Columns of the title and body
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);

-- claims are checkable statements with their attribution and provenance.
CREATE TABLE claims (
	id           TEXT PRIMARY KEY,              -- UUID
	text         TEXT NOT NULL,                 -- the claim in the checker's words
	kind         TEXT NOT NULL                  -- reported (relayed) or analytical (an assessment)
	             CHECK (kind IN ('reported', 'analytical')),
	source_id    TEXT NOT NULL REFERENCES sources (id), -- who the claim is attributed to
	document_id  TEXT REFERENCES documents (id), -- where it was published, or NULL
	quote_exact  TEXT,                          -- the exact quoted span of the document body, or NULL for no quote
	quote_prefix TEXT,                          -- up to 32 code points before the span
	quote_suffix TEXT,                          -- up to 32 code points after the span
	quote_start  INTEGER,                       -- code-point offset of the span in the body
	quote_end    INTEGER,                       -- code-point offset after the span (exclusive)
	provenance   TEXT NOT NULL DEFAULT '[]'     -- JSON array of hops {source_id, role, url, date, note}, origin first
	             CHECK (json_valid(provenance) AND json_type(provenance) = 'array'),
	status       TEXT NOT NULL DEFAULT 'new'    -- review status, derived from the verdicts
	             CHECK (status IN ('new', 'in-review', 'proposed', 'disputed', 'published')),
	assignee     TEXT REFERENCES users (id),    -- the checker working on it, or NULL
	tags         TEXT NOT NULL DEFAULT '[]'     -- JSON array of strings
	             CHECK (json_valid(tags) AND json_type(tags) = 'array'),
	version      INTEGER NOT NULL DEFAULT 1,    -- optimistic lock, +1 on every change incl. review
	created_at   DATETIME NOT NULL,             -- UTC
	updated_at   DATETIME NOT NULL,             -- UTC
	created_by   TEXT NOT NULL DEFAULT '',      -- name of the actor who created it
	CHECK (quote_exact IS NULL OR (document_id IS NOT NULL AND quote_start IS NOT NULL AND quote_end IS NOT NULL))
);
CREATE INDEX claims_created ON claims (created_at DESC, id DESC);
CREATE INDEX claims_status ON claims (status, created_at DESC, id DESC);
CREATE INDEX claims_kind ON claims (kind, created_at DESC, id DESC);
CREATE INDEX claims_source_id ON claims (source_id, created_at DESC, id DESC);
CREATE INDEX claims_document_id ON claims (document_id, created_at DESC, id DESC);
CREATE INDEX claims_assignee ON claims (assignee, created_at DESC, id DESC);
-- The review queue's "assigned to me": the open claims of each assignee in
-- creation order, so that a checker's closed claims cost nothing to skip.
CREATE INDEX claims_open_assignee ON claims (assignee, created_at DESC, id DESC)
	WHERE assignee IS NOT NULL AND status <> 'published';
-- The review queue's "new in my documents" (db/queue.go): the claims
-- nobody has started on, by document, to count and list a user's; and
-- newest first with their document, to walk a long queue in order.
CREATE INDEX claims_new_document ON claims (document_id, created_at DESC, id DESC)
	WHERE status = 'new';
CREATE INDEX claims_new ON claims (created_at DESC, id DESC, document_id)
	WHERE status = 'new';

-- claim_fts is the full-text index of claims (see package claims/search):
-- one row per claim, its rowid the claims row's rowid. It holds, folded
-- and stemmed, the claim's text, quote and tags, its source's name and
-- aliases, and its verdicts' rationales, so that one MATCH ANDs words found
-- in any of them ("Lukashenko China"). db keeps it in step in the write
-- transaction of every change to those (db/search_index.go); a source's
-- rename re-indexes its claims. Contentless: snippets are cut from the
-- rows themselves. Claims are never deleted, so their rowids only grow and
-- also order them by creation.
CREATE VIRTUAL TABLE claim_fts USING fts5(
	folded, stems,                              -- search.Columns of the claim's indexed text
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);

-- search_terms are the words of both full-text indexes (their folded
-- column), one row each. A prefix longer than the indexes' prefix indexes
-- (2 and 3 letters) is searched as the few words it stands for, found
-- here: FTS5 answers such a prefix by merging, whole, the posting lists
-- of every word it starts, before it returns a row. Written with the index
-- rows (db/search_index.go); a word no row holds any more stays, and
-- matches nothing.
CREATE TABLE search_terms (
	term TEXT PRIMARY KEY                       -- a folded word (search.Tokens)
) WITHOUT ROWID;

-- verdicts are checkers' conclusions on claims. They are never edited after
-- a decision; a correction is a new verdict that supersedes the old one.
CREATE TABLE verdicts (
	id            TEXT PRIMARY KEY,             -- UUID
	claim_id      TEXT NOT NULL REFERENCES claims (id), -- the claim judged
	attribution   TEXT NOT NULL                 -- did the source say this?
	              CHECK (attribution IN ('accurate', 'inaccurate', 'unverified')),
	rating        TEXT NOT NULL                 -- is the claim supported?
	              CHECK (rating IN ('true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'misleading', 'unverifiable')),
	rationale     TEXT NOT NULL,                -- why, in the checker's words
	evidence      TEXT NOT NULL DEFAULT '[]'    -- JSON array of {url, note}
	              CHECK (json_valid(evidence) AND json_type(evidence) = 'array'),
	state         TEXT NOT NULL DEFAULT 'proposed'
	              CHECK (state IN ('proposed', 'approved', 'rejected', 'withdrawn', 'superseded')),
	author_id     TEXT NOT NULL DEFAULT '',     -- user id of the checker ('' for the system)
	author_name   TEXT NOT NULL DEFAULT '',     -- the checker's name at the time
	approver_id   TEXT NOT NULL DEFAULT '',     -- user id of the editor who approved or rejected it, or ''
	approver_name TEXT NOT NULL DEFAULT '',     -- that editor's name at the time
	reason        TEXT NOT NULL DEFAULT '',     -- why it was rejected
	created_at    DATETIME NOT NULL,            -- UTC
	decided_at    DATETIME                      -- UTC of approval or rejection, or NULL
);
CREATE INDEX verdicts_claim_id ON verdicts (claim_id, created_at, id);
-- The dashboard counts approved verdicts on both axes from this index alone.
-- State is last on purpose: led by state, the index would tempt SQLite away
-- from verdicts_claim_id for "this claim's approved verdict".
CREATE INDEX verdicts_axes ON verdicts (attribution, rating, state);

-- comments are the internal discussion thread of a claim. They are never
-- edited or deleted; each is also a comment.create audit event.
CREATE TABLE comments (
	id          TEXT PRIMARY KEY,               -- UUID
	claim_id    TEXT NOT NULL REFERENCES claims (id), -- the claim discussed
	author_id   TEXT NOT NULL DEFAULT '',       -- user id of the writer ('' for the system)
	author_name TEXT NOT NULL,                  -- the writer's name at the time
	body        TEXT NOT NULL,                  -- plain text
	created_at  DATETIME NOT NULL               -- UTC
);
CREATE INDEX comments_claim_id ON comments (claim_id, created_at, id);

-- audit_events is the append-only, hash-chained audit log: one row per
-- mutation, written in the mutation's transaction.
CREATE TABLE audit_events (
	seq         INTEGER PRIMARY KEY,            -- 1, 2, 3… without gaps: the Merkle log's leaf index + 1
	id          TEXT NOT NULL UNIQUE,           -- UUID
	at          DATETIME NOT NULL,              -- UTC
	actor_id    TEXT NOT NULL DEFAULT '',       -- user id of the actor ('' for the system)
	actor_name  TEXT NOT NULL,                  -- the actor's name at the time
	action      TEXT NOT NULL,                  -- e.g. claim.create, verdict.approve
	entity_type TEXT NOT NULL,                  -- source, document, claim, verdict, user, token
	entity_id   TEXT NOT NULL,                  -- id of the entity changed
	claim_id    TEXT NOT NULL DEFAULT '',       -- the claim the change belongs to, for its history, or ''
	data        TEXT NOT NULL                   -- JSON: the created object or {"changes": {field: {old, new}}}
	            CHECK (json_valid(data)),
	hash        TEXT NOT NULL                   -- hex RFC 6962 leaf hash of the event's LeafData
);
CREATE INDEX audit_events_claim_id ON audit_events (claim_id, seq);
CREATE INDEX audit_events_actor_name ON audit_events (actor_name, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, seq);
CREATE INDEX audit_events_at ON audit_events (at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;

-- audit_hashes are the Merkle tree's stored hashes over audit_events, in
-- the layout of golang.org/x/mod/sumdb/tlog: appending event seq writes
-- tlog.StoredHashes(seq-1, …) in the event's transaction. Tree heads and
-- proofs are read from here; VerifyLog recomputes them from the events.
CREATE TABLE audit_hashes (
	idx  INTEGER PRIMARY KEY,                   -- tlog stored-hash index (tlog.StoredHashIndex(level, n))
	hash BLOB NOT NULL                          -- the 32-byte SHA-256 node or leaf hash
	     CHECK (length(hash) = 32)
);

CREATE TRIGGER audit_hashes_no_update BEFORE UPDATE ON audit_hashes
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_hashes_no_delete BEFORE DELETE ON audit_hashes
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
