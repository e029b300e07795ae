package web

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

func TestCollectPages(t *testing.T) {
	// pages serves 0..n-1 two at a time; the cursor is the next index.
	pages := func(n int, cursors *[]string) func(string) ([]int, string, error) {
		return func(cursor string) ([]int, string, error) {
			*cursors = append(*cursors, cursor)
			start, _ := strconv.Atoi(cursor)
			var page []int
			for i := start; i < min(start+2, n); i++ {
				page = append(page, i)
			}
			next := ""
			if start+2 < n {
				next = strconv.Itoa(start + 2)
			}
			return page, next, nil
		}
	}
	t.Run("OK", func(t *testing.T) {
		var cursors []string
		got, err := collectPages(pages(5, &cursors))
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{0, 1, 2, 3, 4}; !slices.Equal(got, want) {
			t.Fatalf("items = %v, want %v", got, want)
		}
		if want := []string{"", "2", "4"}; !slices.Equal(cursors, want) {
			t.Fatalf("cursors = %q, want %q", cursors, want)
		}
	})
	t.Run("OKEmpty", func(t *testing.T) {
		var cursors []string
		got, err := collectPages(pages(0, &cursors))
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("collectPages = %v, %v; want an empty, non-nil list", got, err)
		}
	})
	t.Run("ErrFetch", func(t *testing.T) {
		boom := errors.New("boom")
		got, err := collectPages(func(string) ([]int, string, error) { return nil, "", boom })
		if !errors.Is(err, boom) || got != nil {
			t.Fatalf("collectPages = %v, %v; want nil, %v", got, err, boom)
		}
	})
}
