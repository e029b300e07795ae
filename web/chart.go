package web

// Charts are drawn on the server as inline SVG: no library, no script,
// escaped by html/template like the rest of the page. Every bar carries
// its label and its number as text, the chart names itself (role="img",
// aria-label) and describes its numbers (<desc>), and a table under it
// holds the same numbers with links, so that nothing depends on colour
// or on seeing the picture.

// bar is one bar of a chart, with its geometry in viewBox units.
type bar struct {
	Label string
	Value int
	Class string
	Href  string // where the table's row links to, or ""
	Tick  string // a vertical chart's short label under the bar
	Sub   string // and a second line under that (the month where it changes)
	// Extra is a second count stacked after Value (proposed verdicts after
	// the approved ones), drawn hatched.
	Extra int

	X, Y, W, H     int
	X2, W2         int // the Extra segment
	TextX, TextY   int // the label
	ValueX, ValueY int // the number
	Number         string
	ExtraNumber    string
}

// chart is one chart and its table.
type chart struct {
	ID       string
	Title    string
	Column   string // the table's first column heading
	Unit     string // and its second: what is counted
	Desc     string
	Width    int
	Height   int
	Vertical bool
	Bars     []bar
	Empty    bool // every value is 0
	Stacked  bool // the bars have an Extra segment
	Baseline int  // y of a vertical chart's axis
}

// Horizontal charts: a label column, then bars up to barSpan long, the
// number after each bar.
const (
	chartWidth = 400
	rowHeight  = 28
	barHeight  = 18
	labelWidth = 176
	barSpan    = 160
)

// horizontalChart lays out bars one under another, scaled to the largest.
func horizontalChart(l *locale, id, title, column, unit string, bars []bar) chart {
	c := chart{ID: id, Title: title, Column: column, Unit: unit, Width: chartWidth, Height: len(bars)*rowHeight + 4, Desc: summary(l, bars)}
	top := maxValue(bars)
	c.Empty = top == 0
	for i := range bars {
		b := &bars[i]
		b.Label = truncate(b.Label, 21) // about the label column's width at the chart's font
		b.Number, b.ExtraNumber = l.Number(b.Value), l.Number(b.Extra)
		c.Stacked = c.Stacked || b.Extra > 0
		b.X, b.Y, b.H = labelWidth, i*rowHeight+(rowHeight-barHeight)/2, barHeight
		b.W, b.W2 = scaled(b.Value, barSpan, top), scaled(b.Extra, barSpan, top)
		b.X2 = b.X + b.W
		b.TextX, b.TextY = labelWidth-8, i*rowHeight+rowHeight/2+5
		b.ValueX, b.ValueY = b.X2+b.W2+6, b.TextY
	}
	c.Bars = bars
	return c
}

// Vertical charts: columns over a baseline, the number above each, the
// tick and its second line under it.
const (
	columnsHeight = 200
	columnsTop    = 24
	columnsBase   = 156
)

// verticalChart lays out bars side by side, scaled to the largest.
func verticalChart(l *locale, id, title, column, unit string, bars []bar) chart {
	c := chart{ID: id, Title: title, Column: column, Unit: unit, Width: chartWidth, Height: columnsHeight, Vertical: true,
		Baseline: columnsBase, Desc: summary(l, bars)}
	top := maxValue(bars)
	c.Empty = top == 0
	if len(bars) == 0 {
		return c
	}
	slot := (chartWidth - 8) / len(bars)
	for i := range bars {
		b := &bars[i]
		b.Number = l.Number(b.Value)
		b.H = scaled(b.Value, columnsBase-columnsTop, top)
		b.W = slot * 2 / 3
		b.X = 4 + i*slot + (slot-b.W)/2
		b.Y = columnsBase - b.H
		b.ValueX, b.ValueY = b.X+b.W/2, b.Y-5
		b.TextX, b.TextY = b.ValueX, columnsBase+16
	}
	c.Bars = bars
	return c
}

// maxValue is the longest bar, both segments.
func maxValue(bars []bar) int {
	top := 0
	for _, b := range bars {
		top = max(top, b.Value+b.Extra)
	}
	return top
}

// scaled is n's length on a span where top fills it; a count above zero
// is never thinner than 2 units, so that it still shows.
func scaled(n, span, top int) int {
	if n <= 0 || top <= 0 {
		return 0
	}
	return max(2, n*span/top)
}
