package db

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// The full-text index (claim_fts, document_fts in schema.sql) is written
// here and only here, inside the write transaction of the change that
// alters what it holds: a claim created or edited, a verdict proposed (its
// rationale), a source renamed or given new aliases (its claims), a
// document imported. A committed change is therefore always searchable,
// and a rolled-back one never is.

// claimIndexText is what a claim's index row holds: its text, quote and
// tags, its source's name and aliases, and its verdicts' rationales, one
// per line. The source's names are copied into every claim's row rather
// than kept in an index of sources so that one MATCH can AND a word of the
// claim with a name of its source ("Lukashenko China"), which a separate
// source index joined by OR cannot; the price is re-indexing a source's
// claims when its names change, which is rare.
func claimIndexText(text, quote string, tags []string, sourceName string, aliases, rationales []string) string {
	var b strings.Builder
	b.WriteString(text)
	for _, part := range [][]string{{quote}, tags, {sourceName}, aliases, rationales} {
		for _, s := range part {
			if s != "" {
				b.WriteByte('\n')
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

// sourceNames is what a claim's index row holds of its source.
type sourceNames struct {
	name    string
	aliases []string
}

// readSourceNames reads the name and aliases of the source with id; ok is
// false when there is no such source.
func readSourceNames(tx *Tx, id string) (n sourceNames, ok bool, err error) {
	var aliases string
	err = tx.queryRow(`SELECT name, aliases FROM sources WHERE id = ?`, id).Scan(&n.name, &aliases)
	if err == sql.ErrNoRows {
		return n, false, nil
	} else if err != nil {
		return n, false, fmt.Errorf("read source %s: %w", id, err)
	}
	if err := unmarshalStrings(aliases, &n.aliases); err != nil {
		return n, false, fmt.Errorf("source %s aliases: %w", id, err)
	}
	return n, true, nil
}

// putIndexRow writes the index row of rowid in table (claim_fts or
// document_fts, our own constants) and records its words in search_terms.
// A row that may already exist is deleted first: a contentless table
// updates only by delete and insert.
func putIndexRow(tx *Tx, table string, rowid int64, text string, replace bool) error {
	return writeIndexRow(tx, table, rowid, text, replace, true)
}

// writeIndexRow is putIndexRow; terms false leaves search_terms alone, for
// the migration that builds the index before that table exists. In a
// write of the writer's it only collects the row (see indexRow).
func writeIndexRow(tx *Tx, table string, rowid int64, text string, replace, terms bool) error {
	if tx.index != nil {
		*tx.index = append(*tx.index, indexRow{table: table, rowid: rowid, text: text, replace: replace, terms: terms})
		return nil
	}
	return writeIndexRowNow(tx, table, rowid, text, replace, terms)
}

// indexRow is an index row a write of the writer's puts, collected while
// the write runs in its savepoint and written once every write of the
// batch has run, outside their savepoints (see DB.runBatch). FTS5 writes
// its pending rows out as a new segment whenever a savepoint is opened,
// so rows written inside the per-write savepoints made one segment per
// write, to be merged again later; collected, a batch makes one. The
// rows keep their order, so a claim created and given a verdict in one
// batch ends with the later row. Writes read the index never, so nothing
// misses the rows in between; they are in the same transaction, so a
// committed write is searchable as before, and a write that fails leaves
// none.
type indexRow struct {
	table          string
	rowid          int64
	text           string
	replace, terms bool
}

// writeIndexRowNow writes the row of writeIndexRow in tx at once.
func writeIndexRowNow(tx *Tx, table string, rowid int64, text string, replace, terms bool) error {
	if replace {
		if _, err := tx.exec(`DELETE FROM `+table+` WHERE rowid = ?`, rowid); err != nil {
			return fmt.Errorf("unindex %s %d: %w", table, rowid, err)
		}
	}
	folded, stems := search.Columns(text)
	if _, err := tx.exec(`INSERT INTO `+table+` (rowid, folded, stems) VALUES (?, ?, ?)`, rowid, folded, stems); err != nil {
		return fmt.Errorf("index %s %d: %w", table, rowid, err)
	}
	if !terms {
		return nil
	}
	// One statement for all the words: a statement per word costs more
	// in the driver than in SQLite.
	words, err := json.Marshal(search.Words(folded))
	if err != nil {
		return fmt.Errorf("index %s %d words: %w", table, rowid, err)
	}
	if _, err := tx.exec(`INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(?)`, string(words)); err != nil {
		return fmt.Errorf("index %s %d words: %w", table, rowid, err)
	}
	return nil
}

// indexClaim rebuilds the index row of the claim with id from what is
// stored, inside tx.
func indexClaim(tx *Tx, id string) error { return indexClaimRow(tx, id, true) }

// indexClaimRow is indexClaim; terms is writeIndexRow's.
func indexClaimRow(tx *Tx, id string, terms bool) error {
	rowid, text, err := storedClaimIndexText(tx, id)
	if err != nil {
		return err
	}
	return writeIndexRow(tx, "claim_fts", rowid, text, true, terms)
}

// storedClaimIndexText reads what the index row of the claim with id
// holds (claimIndexText) from the stored claim, its source and its
// verdicts, and the claim's rowid.
func storedClaimIndexText(tx *Tx, id string) (rowid int64, text string, err error) {
	var claimText, tags, name, aliases string
	var quote sql.NullString
	err = tx.queryRow(`
		SELECT c.rowid, c.text, c.quote_exact, c.tags, s.name, s.aliases
		FROM claims c JOIN sources s ON s.id = c.source_id
		WHERE c.id = CAST(? AS TEXT)`, id).Scan(&rowid, &claimText, &quote, &tags, &name, &aliases)
	if err != nil {
		return 0, "", fmt.Errorf("read claim %s to index: %w", id, err)
	}
	var tagList, aliasList []string
	if err := unmarshalStrings(tags, &tagList); err != nil {
		return 0, "", fmt.Errorf("claim %s tags: %w", id, err)
	}
	if err := unmarshalStrings(aliases, &aliasList); err != nil {
		return 0, "", fmt.Errorf("claim %s source aliases: %w", id, err)
	}
	rows, err := tx.query(`SELECT rationale FROM verdicts WHERE claim_id = CAST(? AS TEXT) ORDER BY created_at, id`, id)
	if err != nil {
		return 0, "", fmt.Errorf("read rationales of %s: %w", id, err)
	}
	rationales, err := scanIDs(rows) // one text column, like ids
	if err != nil {
		return 0, "", fmt.Errorf("read rationales of %s: %w", id, err)
	}
	return rowid, claimIndexText(claimText, quote.String, tagList, name, aliasList, rationales), nil
}

// newClaimIndexText is storedClaimIndexText for a claim being created, from
// the claim as it is written and its source's names: a new claim has no
// verdicts yet.
func newClaimIndexText(c *claims.Claim, src sourceNames) string {
	var quote string
	if c.Quote != nil {
		quote = c.Quote.Exact
	}
	return claimIndexText(c.Text, quote, c.Tags, src.name, src.aliases, nil)
}

// indexSourceClaims rebuilds the index rows of every claim attributed to
// the source, after its name or aliases changed.
func indexSourceClaims(tx *Tx, sourceID string) error {
	rows, err := tx.query(`SELECT id FROM claims WHERE source_id = ?`, sourceID)
	if err != nil {
		return fmt.Errorf("claims of source %s: %w", sourceID, err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return fmt.Errorf("claims of source %s: %w", sourceID, err)
	}
	for _, id := range ids {
		if err := indexClaim(tx, id); err != nil {
			return err
		}
	}
	return nil
}

// indexDocumentRow writes the index row of the stored document with id,
// its title and body, for buildSearchIndex (a new document's is written
// by insertDocument); terms is writeIndexRow's.
func indexDocumentRow(tx *Tx, id string, terms bool) error {
	var rowid int64
	var title, body string
	if err := tx.queryRow(`SELECT rowid, title, body FROM documents WHERE id = ?`, id).Scan(&rowid, &title, &body); err != nil {
		return fmt.Errorf("read document %s to index: %w", id, err)
	}
	return writeIndexRow(tx, "document_fts", rowid, title+"\n"+body, true, terms)
}

// buildSearchIndex indexes every claim and document, for the migration
// that creates the index (schema version 5), before search_terms exists.
func buildSearchIndex(tx *Tx) error {
	for _, t := range []struct {
		query string
		index func(*Tx, string, bool) error
	}{
		{`SELECT id FROM claims ORDER BY rowid`, indexClaimRow},
		{`SELECT id FROM documents ORDER BY rowid`, indexDocumentRow},
	} {
		rows, err := tx.query(t.query)
		if err != nil {
			return fmt.Errorf("list rows to index: %w", err)
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return fmt.Errorf("list rows to index: %w", err)
		}
		for _, id := range ids {
			if err := t.index(tx, id, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillSearchTerms records the words of both indexes in search_terms, for
// the migration that creates it (schema version 6). An fts5vocab table
// lists an index's terms by column; it walks every posting list, once.
func fillSearchTerms(tx *Tx) error {
	for _, table := range []string{"claim_fts", "document_fts"} {
		if _, err := tx.exec(`CREATE VIRTUAL TABLE temp.index_vocab USING fts5vocab(main, ` + table + `, 'col')`); err != nil {
			return fmt.Errorf("read %s words: %w", table, err)
		}
		if _, err := tx.exec(`INSERT OR IGNORE INTO search_terms (term)
			SELECT term FROM temp.index_vocab WHERE col = ?`, search.FoldedColumn); err != nil {
			return fmt.Errorf("record %s words: %w", table, err)
		}
		if _, err := tx.exec(`DROP TABLE temp.index_vocab`); err != nil {
			return fmt.Errorf("read %s words: %w", table, err)
		}
	}
	return nil
}
