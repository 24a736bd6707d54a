package report

import (
	"bytes"
	"fmt"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Layout of an administrative document (Nghị định 30/2020/NĐ-CP): A4,
// Times New Roman, margins of 20 mm top and bottom, 30 mm left, 15 mm right;
// lengths in twentieths of a point.
const (
	a4Width, a4Height = 11906, 16838
	marginTop         = 1134
	marginBottom      = 1134
	marginLeft        = 1701
	marginRight       = 851
	bodySize          = 14 // points
	headerSize        = 13
	firstLine         = 567  // 1 cm
	leftColumn        = 2100 // centre of the header's left column, from the margin
	rightColumn       = 6550 // centre of its right column
	spaceAfter        = 120  // 6 pt
	font              = "Times New Roman"
)

// DOCX writes the report as a Word document in the official layout: the
// two-column header (the committee, the unit and the number | the national
// name, the motto, place and date), the title, sections I to IV, the
// recipients beside the signature block in a borderless table, then on a
// page of its own an annex with the findings and the figures that changed
// since the submission. The header's columns are centred tab stops: the
// library sets no table column widths, and the national name does not fit
// half the page.
func (d *Document) DOCX() ([]byte, error) {
	doc, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	setDefaults(doc)
	w := &docxWriter{doc: doc}
	h := d.Header

	w.columns(h.Authority, style{size: headerSize}, h.Nation, style{size: 12, bold: true})
	w.columns(h.UnitTitle, style{size: headerSize, bold: true}, h.Motto, style{size: headerSize, bold: true})
	w.columns("", style{}, "", style{})
	w.columns(h.NumberLine, style{size: headerSize}, h.DateLine, style{size: headerSize, italic: true})

	w.line(d.Title, style{bold: true, align: stypes.JustificationCenter, before: 360})
	w.line(d.Subtitle, style{bold: true, align: stypes.JustificationCenter, after: 360})
	w.body(d.Introduction)

	w.heading(d.Direction.Heading)
	w.text(d.Direction.Summary)
	if len(d.Direction.Plans) > 0 {
		w.body("Kế hoạch cải cách hành chính ban hành trong kỳ:")
		for _, p := range d.Direction.Plans {
			w.body("- " + planLine(p))
		}
	}
	for _, p := range d.Direction.Paragraphs {
		w.body(p)
	}

	w.heading("II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH")
	for _, r := range d.Results {
		w.heading(r.Heading)
		w.body(r.Paragraphs[0])
		for _, p := range r.Plans {
			w.body("- " + planLine(p))
		}
		for _, p := range r.Paragraphs[1:] {
			w.body(p)
		}
	}

	a := d.Assessment
	w.heading(a.Heading)
	w.heading(a.StrengthsHeading)
	w.text(a.Strengths)
	w.heading(a.LimitationsHeading)
	w.text(a.Limitations)
	w.heading(d.Directions.Heading)
	w.text(d.Directions.Text)
	w.body(d.Closing)
	w.line("", style{})

	t := doc.AddTable()
	row := t.AddRow()
	left, right := row.AddCell(), row.AddCell()
	w.cellLine(left, "Nơi nhận:", style{size: 12, bold: true, italic: true, align: stypes.JustificationLeft})
	for _, r := range d.Recipients {
		w.cellLine(left, "- "+r, style{size: 11, align: stypes.JustificationLeft})
	}
	s := d.Signature
	w.cellLine(right, s.Authority, style{bold: true})
	w.cellLine(right, s.Title, style{bold: true})
	for range 4 {
		w.cellLine(right, "", style{})
	}
	name := "(chưa có Chủ tịch UBND trong hồ sơ)"
	if s.Name != nil {
		name = *s.Name
	}
	w.cellLine(right, name, style{bold: true})

	doc.AddPageBreak()
	w.line(annexTitle, style{bold: true, align: stypes.JustificationCenter})
	w.line(annexNote, style{italic: true, align: stypes.JustificationCenter, after: 240})
	for _, p := range annex(d) {
		w.body(p)
	}

	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return buf.Bytes(), nil
}

// setDefaults makes the document A4 in Times New Roman 14 pt, justified.
func setDefaults(doc *docx.RootDoc) {
	if doc.DocStyles.DocDefaults == nil {
		doc.DocStyles.DocDefaults = &ctypes.DocDefault{}
	}
	dd := doc.DocStyles.DocDefaults
	dd.RunProp = &ctypes.RunPropDefault{RunProp: &ctypes.RunProperty{
		Fonts:  &ctypes.RunFonts{Ascii: font, HAnsi: font, EastAsia: font, CS: font},
		Size:   ctypes.NewFontSize(2 * bodySize),
		SizeCs: &ctypes.FontSizeCS{Value: 2 * bodySize},
		Lang:   &ctypes.Lang{Val: ptr("vi-VN")},
	}}
	dd.ParaProp = &ctypes.ParaPropDefault{ParaProp: &ctypes.ParagraphProp{
		Spacing: &ctypes.Spacing{After: ptr(uint64(spaceAfter))},
	}}
	sect := doc.Document.Body.SectPr
	if sect == nil {
		sect = ctypes.NewSectionProper()
		doc.Document.Body.SectPr = sect
	}
	sect.PageSize = &ctypes.PageSize{Width: ptr(uint64(a4Width)), Height: ptr(uint64(a4Height))}
	sect.PageMargin = &ctypes.PageMargin{Top: ptr(marginTop), Bottom: ptr(marginBottom), Left: ptr(marginLeft),
		Right: ptr(marginRight), Header: ptr(720), Footer: ptr(720), Gutter: ptr(0)}
}

func ptr[T any](v T) *T { return &v }

// style is how a paragraph looks; zero values are the body's defaults.
type style struct {
	size          uint64
	bold, italic  bool
	align         stypes.Justification
	indent        bool
	before, after uint64
	keepNext      bool
}

type docxWriter struct{ doc *docx.RootDoc }

// format applies s to a paragraph and writes text into it as one run.
func format(p *docx.Paragraph, text string, s style) {
	align := s.align
	if align == "" {
		align = stypes.JustificationBoth
	}
	p.Justification(align)
	prop := p.GetCT().Property
	if s.indent {
		prop.Indent = &ctypes.Indent{FirstLine: ptr(uint64(firstLine))}
	}
	if s.before != 0 || s.after != 0 {
		prop.Spacing = &ctypes.Spacing{Before: ptr(s.before), After: ptr(s.after)}
	}
	if s.keepNext {
		prop.KeepNext = &ctypes.OnOff{}
	}
	if text != "" {
		run(p, text, s)
	}
}

// run adds text to a paragraph in the size and emphasis of s.
func run(p *docx.Paragraph, text string, s style) {
	r := p.AddText(text)
	if s.size != 0 {
		r.Size(s.size)
	}
	if s.bold {
		r.Bold(true)
	}
	if s.italic {
		r.Italic(true)
	}
}

// line adds a paragraph.
func (w *docxWriter) line(text string, s style) { format(w.doc.AddEmptyParagraph(), text, s) }

// body adds a justified paragraph with its first line indented.
func (w *docxWriter) body(text string) { w.line(text, style{indent: true}) }

// heading adds a bold heading kept with what follows.
func (w *docxWriter) heading(text string) {
	w.line(text, style{bold: true, indent: true, keepNext: true, after: spaceAfter})
}

// text adds each paragraph of a narrative.
func (w *docxWriter) text(narrative string) {
	for _, p := range paragraphs(narrative) {
		w.body(p)
	}
}

// columns adds a line of the header: left and right, each centred on its column.
func (w *docxWriter) columns(left string, ls style, right string, rs style) {
	p := w.doc.AddEmptyParagraph()
	format(p, "", style{align: stypes.JustificationLeft, after: 1})
	ct := p.GetCT()
	ct.Property.Tabs = ctypes.Tabs{Tab: []ctypes.Tab{
		{Val: stypes.CustTabStopCenter, Position: leftColumn},
		{Val: stypes.CustTabStopCenter, Position: rightColumn},
	}}
	for _, part := range []struct {
		text string
		s    style
	}{{left, ls}, {right, rs}} {
		ct.Children = append(ct.Children, ctypes.ParagraphChild{Run: &ctypes.Run{Children: []ctypes.RunChild{{Tab: &ctypes.Empty{}}}}})
		if part.text != "" {
			run(p, part.text, part.s)
		}
	}
}

// cellLine adds a centred paragraph to a cell of a borderless table.
func (w *docxWriter) cellLine(c *docx.Cell, text string, s style) {
	if s.align == "" {
		s.align = stypes.JustificationCenter
	}
	if s.after == 0 {
		s.before, s.after = 0, 1 // tight lines (0 would mean "the default")
	}
	format(c.AddEmptyPara(), text, s)
}
