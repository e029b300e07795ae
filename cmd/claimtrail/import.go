package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"github.com/claimtrail/claimtrail/db"
)

// maxTitleRunes is how much of the first line becomes a default title.
const maxTitleRunes = 120

// importDocument reads an article, stores it as a document and prints the
// document's id as the last line.
func importDocument(ctx context.Context, cfg *config, e env) error {
	raw, name, err := readInput(cfg.File, e.stdin)
	if err != nil {
		return err
	}
	format := cfg.Format
	if format == "" {
		format = article.FormatFromName(name)
	}
	p, err := article.Parse(format, raw)
	if err != nil {
		return err
	}
	d := &claims.Document{
		Title: cfg.Title, URL: cfg.URL, Publisher: cfg.Publisher, Language: cfg.Lang,
		Body: p.Body, Links: p.Links,
	}
	if d.Title == "" {
		d.Title = defaultTitle(p.Body, name)
	}
	if d.Language == "" {
		d.Language = p.Language
	}
	return withStore(ctx, cfg, func(store *db.DB) error {
		if err := store.CreateDocument(ctx, cliActor, d); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.stdout, "Imported %q (%d paragraphs, %d links, language %q).\n%s\n",
			d.Title, strings.Count(d.Body, "\n\n")+1, len(d.Links), d.Language, d.ID)
		return err
	})
}

// readInput reads the file, or stdin for "-", up to one byte more than a
// body may hold so that article.Parse reports a too-large input.
func readInput(file string, stdin io.Reader) ([]byte, string, error) {
	r, name := stdin, ""
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		r, name = f, filepath.Base(file)
	}
	raw, err := io.ReadAll(io.LimitReader(r, claims.MaxBodyLen+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", file, err)
	}
	return raw, name, nil
}

// defaultTitle is the body's first line, shortened at a word boundary, or
// the file name.
func defaultTitle(body, name string) string {
	first, _, _ := strings.Cut(body, "\n")
	if utf8.RuneCountInString(first) > maxTitleRunes {
		runes := []rune(first)[:maxTitleRunes]
		cut := string(runes)
		if i := strings.LastIndex(cut, " "); i > maxTitleRunes/2 {
			cut = cut[:i]
		}
		first = strings.TrimRight(cut, " ,;:-–—") + "…"
	}
	if first == "" {
		return name
	}
	return first
}
