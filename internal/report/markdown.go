package report

import (
	"fmt"
	"strings"

	"cchc/ent"
)

// Markdown writes the full text of the report in the order of the source:
// header, title, introduction, sections I to IV, closing, recipients and
// signature, then the annex.
func (d *Document) Markdown() []byte {
	var b strings.Builder
	para := func(s string) {
		if s != "" {
			b.WriteString(escape(s) + "\n\n")
		}
	}
	list := func(plans []*ent.ReformPlan) {
		for _, p := range plans {
			b.WriteString("- " + escape(planLine(p)) + "\n")
		}
		if len(plans) > 0 {
			b.WriteString("\n")
		}
	}
	h := d.Header
	fmt.Fprintf(&b, "| %s<br>**%s** | **%s**<br>**%s** |\n| :---: | :---: |\n| %s | *%s* |\n\n",
		cell(h.Authority), cell(h.UnitTitle), cell(h.Nation), cell(h.Motto), cell(h.NumberLine), cell(h.DateLine))
	fmt.Fprintf(&b, "# %s\n\n**%s**\n\n", escape(d.Title), escape(d.Subtitle))
	para(d.Introduction)

	b.WriteString("## " + escape(d.Direction.Heading) + "\n\n")
	for _, p := range paragraphs(d.Direction.Summary) {
		para(p)
	}
	if len(d.Direction.Plans) > 0 {
		para("Kế hoạch cải cách hành chính ban hành trong kỳ:")
		list(d.Direction.Plans)
	}
	for _, p := range d.Direction.Paragraphs {
		para(p)
	}

	b.WriteString("## II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\n\n")
	for _, r := range d.Results {
		b.WriteString("### " + escape(r.Heading) + "\n\n")
		para(r.Paragraphs[0])
		list(r.Plans)
		for _, p := range r.Paragraphs[1:] {
			para(p)
		}
	}

	a := d.Assessment
	b.WriteString("## " + escape(a.Heading) + "\n\n### " + escape(a.StrengthsHeading) + "\n\n")
	for _, p := range paragraphs(a.Strengths) {
		para(p)
	}
	b.WriteString("### " + escape(a.LimitationsHeading) + "\n\n")
	for _, p := range paragraphs(a.Limitations) {
		para(p)
	}
	b.WriteString("## " + escape(d.Directions.Heading) + "\n\n")
	for _, p := range paragraphs(d.Directions.Text) {
		para(p)
	}
	para(d.Closing)

	recipients := []string{"**Nơi nhận:**"}
	for _, r := range d.Recipients {
		recipients = append(recipients, "- "+cell(r))
	}
	s := d.Signature
	name := "(chưa có Chủ tịch UBND trong hồ sơ)"
	if s.Name != nil {
		name = *s.Name
	}
	fmt.Fprintf(&b, "| %s | **%s**<br>**%s**<br><br><br><br>**%s** |\n| :--- | :---: |\n\n",
		strings.Join(recipients, "<br>"), cell(s.Authority), cell(s.Title), cell(name))

	b.WriteString("---\n\n## " + annexTitle + "\n\n*" + annexNote + "*\n\n")
	for _, p := range annex(d) {
		para(p)
	}
	return []byte(b.String())
}

// annexTitle and annexNote head the annex, which is not part of the report.
const (
	annexTitle = "PHỤ LỤC: KIỂM TRA SỐ LIỆU"
	annexNote  = "Do hệ thống lập từ hồ sơ, kèm theo để đối chiếu; không thuộc nội dung báo cáo."
)

// annex lists the findings of the live figures and the figures that changed
// since the report was submitted.
func annex(d *Document) []string {
	var out []string
	if len(d.Findings) == 0 {
		out = append(out, "Không có phát hiện nào về số liệu.")
	}
	for _, f := range d.Findings {
		out = append(out, fmt.Sprintf("- [%s] %s", f.Code, f.Message))
	}
	if d.SubmittedAt == nil {
		return append(out, "Báo cáo chưa được gửi: số liệu trên được tính từ hồ sơ hiện có.")
	}
	var changed []string
	for _, f := range d.Figures {
		if f.Changed {
			changed = append(changed, fmt.Sprintf("- %s: khi gửi %s, hiện nay %s.", f.Label, value(f.Submitted, f.Unit), value(f.Live, f.Unit)))
		}
	}
	when := date(*d.SubmittedAt)
	if len(changed) == 0 {
		return append(out, "Số liệu hiện nay không khác số liệu đã chốt khi gửi báo cáo ngày "+when+".")
	}
	out = append(out, "Số liệu đã thay đổi so với số liệu chốt khi gửi báo cáo ngày "+when+":")
	return append(out, changed...)
}

// value writes a figure in its unit.
func value(v *float64, unit string) string {
	switch {
	case v == nil:
		return "không có"
	case unit == "tỷ lệ":
		return percent(*v)
	case unit == "đồng":
		return money(int64(*v)) + " đồng"
	}
	return num(int(*v)) + " " + unit
}

// planLine names a plan as reports do: its title, number and date.
func planLine(p *ent.ReformPlan) string {
	var ref []string
	if p.Number != "" {
		ref = append(ref, "số "+p.Number)
	}
	if p.IssuedOn != nil {
		ref = append(ref, "ngày "+date(*p.IssuedOn))
	}
	if len(ref) == 0 {
		return p.Title + ";"
	}
	return p.Title + " (" + strings.Join(ref, " ") + ");"
}

// paragraphs splits a narrative into its non-empty lines.
func paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// escape keeps Markdown from reading text as markup: emphasis, links, HTML
// and headings. List markers ("- ", "1. ") are kept: narratives use them.
func escape(s string) string {
	s = mdEscaper.Replace(s)
	if strings.HasPrefix(s, "#") || strings.HasPrefix(s, ">") || strings.HasPrefix(s, "+") {
		s = `\` + s
	}
	return s
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", "[", `\[`, "]", `\]`)

// cell escapes text for a table cell.
func cell(s string) string { return strings.ReplaceAll(escape(s), "|", `\|`) }
