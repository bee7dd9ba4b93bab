"""The SQLite schema of ``avp export sqlite``: tables, indexes and views, as SQL text.

Every table has ``programme_id``, so that one file holds the programmes of a region (a
police team's 15 municipalities) and every query can narrow to one. Rows have an integer
key of their own (``field_key``, ``measure_key``, ...) that the foreign keys use: one
column per link, which Datasette and BI tools follow; the programme's own ids ("1.3.2",
"politie") are columns beside it, unique within their programme.

``partner_units`` holds, for every partner, the partners it includes: itself and its
sub-units (the BOA's belong to the gemeente), as ``avp list --partner`` counts them
(:meth:`avp.programme.query.ProgrammeIndex.with_subunits`); ``partner_measures`` uses it.

Dates are ISO text (``2022-06-30``), counts integers, values reals, flags 0 or 1. The
schema uses no feature newer than SQLite 3.24 (no STRICT tables, no ORDER BY inside an
aggregate), so that older readers open the file too. :data:`SCHEMA_VERSION` is stored in
``PRAGMA user_version``.
"""

from __future__ import annotations

#: ``PRAGMA user_version`` of the files this schema writes; raised when a table changes.
SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE programmes (
    programme_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    municipality TEXT NOT NULL,
    title TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    adopted_date TEXT NOT NULL,
    adopted_by TEXT NOT NULL,
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    file TEXT NOT NULL,
    log_file TEXT,
    as_of TEXT NOT NULL,
    measure_count INTEGER NOT NULL,
    entry_count INTEGER NOT NULL
);

CREATE TABLE fields (
    field_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    field_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    goal TEXT NOT NULL
);

CREATE TABLE themes (
    theme_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    field_key INTEGER NOT NULL REFERENCES fields (field_key),
    theme_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    goal TEXT NOT NULL
);

CREATE TABLE partners (
    partner_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    partner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    parent_key INTEGER REFERENCES partners (partner_key),
    parent_id TEXT,
    description TEXT NOT NULL
);

CREATE TABLE partner_units (
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    partner_key INTEGER NOT NULL REFERENCES partners (partner_key),
    unit_key INTEGER NOT NULL REFERENCES partners (partner_key)
);

CREATE TABLE entries (
    entry_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    entry_id TEXT,
    position INTEGER NOT NULL,
    owner_level TEXT,
    owner_id TEXT NOT NULL,
    field_key INTEGER REFERENCES fields (field_key),
    theme_key INTEGER REFERENCES themes (theme_key),
    measure_key INTEGER REFERENCES measures (measure_key),
    date TEXT NOT NULL,
    status TEXT,
    status_label TEXT,
    target_id TEXT,
    count INTEGER,
    value REAL,
    note TEXT NOT NULL,
    author TEXT NOT NULL,
    source TEXT,
    correction TEXT
);

CREATE TABLE measures (
    measure_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    field_key INTEGER NOT NULL REFERENCES fields (field_key),
    theme_key INTEGER NOT NULL REFERENCES themes (theme_key),
    measure_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    partners TEXT NOT NULL,
    partner_note TEXT,
    result TEXT,
    extra TEXT NOT NULL,
    dropped_date TEXT,
    dropped_decision TEXT,
    status TEXT NOT NULL,
    status_label TEXT NOT NULL,
    stale INTEGER NOT NULL,
    entry_count INTEGER NOT NULL,
    last_entry_key INTEGER REFERENCES entries (entry_key),
    status_entry_key INTEGER REFERENCES entries (entry_key)
);

CREATE TABLE measure_partners (
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    measure_key INTEGER NOT NULL REFERENCES measures (measure_key),
    partner_key INTEGER NOT NULL REFERENCES partners (partner_key),
    position INTEGER NOT NULL
);

CREATE TABLE targets (
    target_key INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    owner_level TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    field_key INTEGER NOT NULL REFERENCES fields (field_key),
    theme_key INTEGER REFERENCES themes (theme_key),
    measure_key INTEGER REFERENCES measures (measure_key),
    target_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    suggested INTEGER NOT NULL,
    basis TEXT,
    definition TEXT NOT NULL
);

CREATE TABLE verdicts (
    target_key INTEGER PRIMARY KEY REFERENCES targets (target_key),
    programme_id INTEGER NOT NULL REFERENCES programmes (programme_id),
    as_of TEXT NOT NULL,
    period TEXT,
    period_label TEXT,
    period_start TEXT,
    period_end TEXT,
    required REAL,
    achieved REAL,
    verdict TEXT NOT NULL,
    verdict_label TEXT NOT NULL,
    forecast TEXT NOT NULL,
    measure_status TEXT,
    disagrees INTEGER NOT NULL
);
"""

# The unique indexes are made after the rows are in (faster than keeping them up to date
# row by row); a duplicate would fail there, and the whole export with it.
INDEXES = """
CREATE UNIQUE INDEX programmes_name ON programmes (name);
CREATE UNIQUE INDEX fields_id ON fields (programme_id, field_id);
CREATE UNIQUE INDEX themes_id ON themes (programme_id, theme_id);
CREATE UNIQUE INDEX partners_id ON partners (programme_id, partner_id);
CREATE UNIQUE INDEX measures_id ON measures (programme_id, measure_id);
CREATE UNIQUE INDEX partner_units_key ON partner_units (partner_key, unit_key);
CREATE INDEX partner_units_unit ON partner_units (unit_key);
CREATE UNIQUE INDEX measure_partners_key ON measure_partners (measure_key, partner_key);
CREATE UNIQUE INDEX targets_id ON targets (programme_id, owner_id, target_id);
CREATE INDEX themes_field ON themes (field_key, position);
CREATE INDEX partners_parent ON partners (parent_key);
CREATE INDEX measures_theme ON measures (theme_key, position);
CREATE INDEX measures_field ON measures (field_key);
CREATE INDEX measures_status ON measures (programme_id, status);
CREATE INDEX measures_last_entry ON measures (last_entry_key);
CREATE INDEX measures_status_entry ON measures (status_entry_key);
CREATE INDEX measure_partners_partner ON measure_partners (partner_key);
CREATE INDEX measure_partners_programme ON measure_partners (programme_id);
CREATE INDEX entries_measure ON entries (measure_key, date);
CREATE INDEX entries_programme ON entries (programme_id, date);
CREATE INDEX entries_owner ON entries (programme_id, owner_id);
CREATE INDEX entries_field ON entries (field_key);
CREATE INDEX entries_theme ON entries (theme_key);
CREATE INDEX entries_status ON entries (status);
CREATE INDEX targets_field ON targets (field_key);
CREATE INDEX targets_theme ON targets (theme_key);
CREATE INDEX targets_measure ON targets (measure_key);
CREATE INDEX verdicts_programme ON verdicts (programme_id, verdict);
"""

VIEWS = """
CREATE VIEW current_status AS
SELECT
    p.programme_id,
    p.name AS programme,
    p.as_of,
    f.field_id,
    f.name AS field,
    t.theme_id,
    t.name AS theme,
    m.measure_key,
    m.measure_id,
    m.text,
    m.partners,
    m.status,
    m.status_label,
    m.stale,
    m.dropped_date,
    m.dropped_decision,
    last.date AS last_entry_date,
    last.note AS last_note,
    last.author AS last_author,
    latest_status.correction AS correction,
    m.entry_count
FROM measures AS m
JOIN programmes AS p ON p.programme_id = m.programme_id
JOIN fields AS f ON f.field_key = m.field_key
JOIN themes AS t ON t.theme_key = m.theme_key
LEFT JOIN entries AS last ON last.entry_key = m.last_entry_key
LEFT JOIN entries AS latest_status ON latest_status.entry_key = m.status_entry_key
ORDER BY p.programme_id, m.measure_key;

CREATE VIEW partner_measures AS
SELECT
    pa.partner_id,
    pa.name AS partner,
    pa.aliases AS partner_aliases,
    cs.programme_id,
    cs.programme,
    cs.field_id,
    cs.theme_id,
    cs.measure_id,
    cs.text,
    cs.partners,
    cs.status,
    cs.status_label,
    cs.stale,
    cs.last_entry_date,
    cs.last_note,
    cs.correction
FROM partner_units AS u
JOIN partners AS pa ON pa.partner_key = u.partner_key
JOIN measure_partners AS mp ON mp.partner_key = u.unit_key
JOIN current_status AS cs ON cs.measure_key = mp.measure_key
GROUP BY u.partner_key, mp.measure_key
ORDER BY pa.partner_id, cs.programme_id, mp.measure_key;

CREATE VIEW status_counts AS
SELECT
    p.programme_id,
    p.name AS programme,
    f.field_id,
    f.name AS field,
    m.status,
    m.status_label,
    COUNT(*) AS measures
FROM measures AS m
JOIN programmes AS p ON p.programme_id = m.programme_id
JOIN fields AS f ON f.field_key = m.field_key
GROUP BY m.programme_id, m.field_key, m.status
ORDER BY p.programme_id, f.position, m.status;

CREATE VIEW target_verdicts AS
SELECT
    p.programme_id,
    p.name AS programme,
    tg.owner_level,
    tg.owner_id,
    f.field_id,
    t.theme_id,
    m.measure_id,
    tg.target_id,
    tg.kind,
    tg.description,
    tg.suggested,
    v.as_of,
    v.period,
    v.period_label,
    v.required,
    v.achieved,
    v.verdict,
    v.verdict_label,
    v.forecast,
    v.measure_status,
    v.disagrees
FROM targets AS tg
JOIN verdicts AS v ON v.target_key = tg.target_key
JOIN programmes AS p ON p.programme_id = tg.programme_id
JOIN fields AS f ON f.field_key = tg.field_key
LEFT JOIN themes AS t ON t.theme_key = tg.theme_key
LEFT JOIN measures AS m ON m.measure_key = tg.measure_key
ORDER BY p.programme_id, tg.target_key;
"""

#: The names of the tables, in the order they are filled (parents first).
TABLE_NAMES = (
    "programmes",
    "fields",
    "themes",
    "partners",
    "partner_units",
    "entries",
    "measures",
    "measure_partners",
    "targets",
    "verdicts",
)

#: The names of the views.
VIEW_NAMES = ("current_status", "partner_measures", "status_counts", "target_verdicts")
