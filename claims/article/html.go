package article

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no article text: page chrome, code, forms.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Object: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true,
}

// blocks are elements whose content is a paragraph of its own.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Address: true,
	atom.Hr: true, atom.Body: true, atom.Details: true, atom.Summary: true,
}

// parseHTML writes the readable text of an HTML page into b. Relative
// links are resolved against the page's <base>, canonical link or og:url,
// if it has one; otherwise they keep their text but lose the href.
func parseHTML(b *builder, s string) error {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return err
	}
	w := &htmlWalker{b: b, base: baseURL(doc)}
	w.walk(doc)
	return nil
}

type htmlWalker struct {
	b    *builder
	base *url.URL
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.b.text(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || hasAttr(n, "hidden") {
			return
		}
		switch {
		case n.DataAtom == atom.Br:
			w.b.space()
			return
		case blocks[n.DataAtom]:
			w.b.endParagraph()
			defer w.b.endParagraph()
		case n.DataAtom == atom.A && hasAttr(n, "href"):
			w.b.beginLink(w.resolve(attr(n, "href")))
			defer w.b.endLink()
		}
	case html.DocumentNode:
	default:
		return // comments, doctypes
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// resolve makes href absolute against the page's base, or returns "" when
// it cannot.
func (w *htmlWalker) resolve(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if w.base == nil {
			return ""
		}
		u = w.base.ResolveReference(u)
	}
	return cleanHref(u.String())
}

// baseURL finds the URL the page's relative links are relative to.
func baseURL(doc *html.Node) *url.URL {
	var base, canonical, og string
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Base && base == "":
				base = attr(n, "href")
			case n.DataAtom == atom.Link && strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "":
				canonical = attr(n, "href")
			case n.DataAtom == atom.Meta && attr(n, "property") == "og:url" && og == "":
				og = attr(n, "content")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	for _, s := range []string{base, canonical, og} {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}
