package export

import (
	"strings"
	"time"

	"cchc/ent/official"
	"cchc/internal/enum"
	"cchc/internal/indicator"
)

// Kind is how a column's values are written.
type Kind int

// The kinds of column.
const (
	Text    Kind = iota // a string
	Count               // a whole number of dossiers, people, plans …
	Money               // whole đồng
	Rate                // a decimal share (0.95 is 95 %), empty when undefined
	Date                // a local calendar date, written 2006-01-02
	Decimal             // points and totals, shown with two decimals
)

// Column is one column of the table: its English name (the GraphQL path of
// the figure, so that a column reads as the field of the indicators query),
// its Vietnamese title, and how its value is read from a unit's indicators.
type Column struct {
	Name  string
	Title string
	Kind  Kind
	value func(*indicator.Indicators) any // string, int, int64, *float64, *time.Time
}

func text(name, title string, f func(*indicator.Indicators) string) Column {
	return Column{name, title, Text, func(in *indicator.Indicators) any { return f(in) }}
}

func count(name, title string, f func(*indicator.Indicators) int) Column {
	return Column{name, title, Count, func(in *indicator.Indicators) any { return f(in) }}
}

func money(name, title string, f func(*indicator.Indicators) int64) Column {
	return Column{name, title, Money, func(in *indicator.Indicators) any { return f(in) }}
}

func rate(name, title string, f func(*indicator.Indicators) *float64) Column {
	return Column{name, title, Rate, func(in *indicator.Indicators) any { return f(in) }}
}

func date(name, title string, f func(*indicator.Indicators) *time.Time) Column {
	return Column{name, title, Date, func(in *indicator.Indicators) any { return f(in) }}
}

// optional is a count that may be unknown (a quota not recorded).
func optional(name, title string, f func(*indicator.Indicators) *int) Column {
	return Column{name, title, Count, func(in *indicator.Indicators) any {
		if n := f(in); n != nil {
			return *n
		}
		return nil
	}}
}

// Columns are the columns of the indicators table, in order: the unit and
// period, then every figure of the indicators query, then the findings.
var Columns = columns()

func columns() []Column {
	cols := []Column{
		text("unit.code", "Mã đơn vị", func(in *indicator.Indicators) string { return in.Unit.Code }),
		text("unit.name", "Tên đơn vị", func(in *indicator.Indicators) string { return in.Unit.Name }),
		text("unit.level", "Cấp", func(in *indicator.Indicators) string { return string(in.Unit.Level) }),
		count("period.year", "Năm", func(in *indicator.Indicators) int { return in.Period.Year }),
		text("period.kind", "Loại kỳ", func(in *indicator.Indicators) string { return string(in.Period.Kind) }),
		count("period.index", "Kỳ số", func(in *indicator.Indicators) int { return in.Period.Index }),
		text("period.title", "Kỳ báo cáo", func(in *indicator.Indicators) string { return in.Period.Title() }),
	}
	d := func(name, title string, f func(*indicator.DossierFigures) int) Column {
		return count("dossiers."+name, title, func(in *indicator.Indicators) int { return f(&in.Dossiers) })
	}
	cols = append(cols,
		d("carriedOver", "Hồ sơ từ kỳ trước chuyển qua", func(f *indicator.DossierFigures) int { return f.CarriedOver }),
		d("receivedInPeriod", "Hồ sơ tiếp nhận trong kỳ", func(f *indicator.DossierFigures) int { return f.ReceivedInPeriod }),
		d("online", "Tiếp nhận trực tuyến", func(f *indicator.DossierFigures) int { return f.Online }),
		d("direct", "Tiếp nhận trực tiếp", func(f *indicator.DossierFigures) int { return f.Direct }),
		d("postal", "Tiếp nhận qua bưu chính công ích", func(f *indicator.DossierFigures) int { return f.Postal }),
		d("total", "Tổng số hồ sơ", func(f *indicator.DossierFigures) int { return f.Total }),
		d("resolved", "Đã giải quyết", func(f *indicator.DossierFigures) int { return f.Resolved }),
		d("early", "Giải quyết trước hạn", func(f *indicator.DossierFigures) int { return f.Early }),
		d("onTime", "Giải quyết đúng hạn", func(f *indicator.DossierFigures) int { return f.OnTime }),
		d("late", "Giải quyết quá hạn", func(f *indicator.DossierFigures) int { return f.Late }),
		d("pending", "Đang giải quyết", func(f *indicator.DossierFigures) int { return f.Pending }),
		d("pendingWithinDeadline", "Đang giải quyết trong hạn", func(f *indicator.DossierFigures) int { return f.PendingWithinDeadline }),
		d("pendingOverdue", "Đang giải quyết quá hạn", func(f *indicator.DossierFigures) int { return f.PendingOverdue }),
		d("otherClosed", "Từ chối, rút, dừng xử lý", func(f *indicator.DossierFigures) int { return f.OtherClosed }),
		rate("dossiers.onTimeRate", "Tỷ lệ giải quyết trước và đúng hạn", func(in *indicator.Indicators) *float64 { return in.Dossiers.OnTimeRate }),
		rate("dossiers.onlineRate", "Tỷ lệ tiếp nhận trực tuyến", func(in *indicator.Indicators) *float64 { return in.Dossiers.OnlineRate }),
		d("resolvedWithoutDueDate", "Đã giải quyết, không có ngày hẹn trả", func(f *indicator.DossierFigures) int { return f.ResolvedWithoutDueDate }),
		d("pendingWithoutDueDate", "Đang giải quyết, không có ngày hẹn trả", func(f *indicator.DossierFigures) int { return f.PendingWithoutDueDate }),
	)
	quota := func(in *indicator.Indicators) *indicator.QuotaFigures {
		if in.Staffing.Quota == nil {
			return &indicator.QuotaFigures{}
		}
		return in.Staffing.Quota
	}
	known := func(f func(*indicator.QuotaFigures) int) func(*indicator.Indicators) *int {
		return func(in *indicator.Indicators) *int {
			if in.Staffing.Quota == nil {
				return nil
			}
			n := f(in.Staffing.Quota)
			return &n
		}
	}
	s := func(name, title string, f func(*indicator.StaffingFigures) int) Column {
		return count("staffing."+name, title, func(in *indicator.Indicators) int { return f(&in.Staffing) })
	}
	cols = append(cols,
		optional("staffing.quota.canBo", "Biên chế cán bộ được giao", known(func(q *indicator.QuotaFigures) int { return q.CanBo })),
		optional("staffing.quota.congChuc", "Biên chế công chức được giao", known(func(q *indicator.QuotaFigures) int { return q.CongChuc })),
		optional("staffing.quota.partTime", "Số người hoạt động không chuyên trách được giao", func(in *indicator.Indicators) *int { return quota(in).PartTime }),
		optional("staffing.quota.total", "Tổng biên chế được giao", known(func(q *indicator.QuotaFigures) int { return q.Total })),
		s("serving.canBo", "Cán bộ hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.CanBo }),
		s("serving.congChuc", "Công chức hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.CongChuc }),
		s("serving.partTime", "Không chuyên trách cấp xã hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.PartTime }),
		s("serving.villagePartTime", "Không chuyên trách ở thôn, tổ dân phố hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.VillagePartTime }),
		s("serving.contract", "Hợp đồng lao động hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.Contract }),
		s("serving.total", "Tổng số người hiện có", func(f *indicator.StaffingFigures) int { return f.Serving.Total }),
		s("contractInCongChucPosts", "Hợp đồng trong vị trí công chức", func(f *indicator.StaffingFigures) int { return f.ContractInCongChucPosts }),
		s("partTimeCommune", "Không chuyên trách cấp xã", func(f *indicator.StaffingFigures) int { return f.PartTimeCommune }),
		s("partTimeVillage", "Không chuyên trách ở thôn, tổ dân phố", func(f *indicator.StaffingFigures) int { return f.PartTimeVillage }),
		s("partyMembers.canBo", "Cán bộ là đảng viên", func(f *indicator.StaffingFigures) int { return f.PartyMembers.CanBo }),
		s("partyMembers.congChuc", "Công chức là đảng viên", func(f *indicator.StaffingFigures) int { return f.PartyMembers.CongChuc }),
	)
	cols = append(cols, levelColumns("politicalTheory", "lý luận chính trị", theoryLevels,
		func(in *indicator.Indicators) []indicator.LevelCount { return in.Staffing.PoliticalTheory })...)
	cols = append(cols, levelColumns("education", "trình độ chuyên môn", educationLevels,
		func(in *indicator.Indicators) []indicator.LevelCount { return in.Staffing.Education })...)
	cols = append(cols, count("plans.issued", "Kế hoạch CCHC ban hành trong kỳ", func(in *indicator.Indicators) int { return in.Plans.Issued }))
	for _, a := range enum.Areas {
		name, _, _ := strings.Cut(enum.AreaDescriptions[a], " / ")
		cols = append(cols, count("plans.issuedByArea."+string(a), "Kế hoạch ban hành: "+name, func(in *indicator.Indicators) int {
			for _, c := range in.Plans.IssuedByArea {
				if c.Area == a {
					return c.Count
				}
			}
			return 0
		}))
	}
	p := func(name, title string, f func(*indicator.PlanFigures) int) Column {
		return count("plans."+name, title, func(in *indicator.Indicators) int { return f(&in.Plans) })
	}
	cols = append(cols,
		p("tasksDue", "Nhiệm vụ đến hạn trong kỳ", func(f *indicator.PlanFigures) int { return f.TasksDue }),
		p("tasksDoneOnTime", "Nhiệm vụ hoàn thành đúng hạn", func(f *indicator.PlanFigures) int { return f.TasksDoneOnTime }),
		p("tasksDoneLate", "Nhiệm vụ hoàn thành quá hạn", func(f *indicator.PlanFigures) int { return f.TasksDoneLate }),
		p("tasksOverdue", "Nhiệm vụ đến hạn chưa hoàn thành", func(f *indicator.PlanFigures) int { return f.TasksOverdue }),
		p("tasksOpen", "Nhiệm vụ đang thực hiện", func(f *indicator.PlanFigures) int { return f.TasksOpen }),
		count("feedback.received", "Phản ánh, kiến nghị tiếp nhận", func(in *indicator.Indicators) int { return in.Feedback.Received }),
		count("feedback.resolved", "Phản ánh, kiến nghị đã xử lý", func(in *indicator.Indicators) int { return in.Feedback.Resolved }),
		count("feedback.resolvedOnTime", "Phản ánh, kiến nghị xử lý đúng hạn", func(in *indicator.Indicators) int { return in.Feedback.ResolvedOnTime }),
		money("budget.revenueEstimate", "Dự toán thu (đồng)", func(in *indicator.Indicators) int64 { return in.Budget.RevenueEstimate }),
		money("budget.revenueActual", "Thực hiện thu (đồng)", func(in *indicator.Indicators) int64 { return in.Budget.RevenueActual }),
		rate("budget.revenueExecutionRate", "Tỷ lệ thực hiện dự toán thu", func(in *indicator.Indicators) *float64 { return in.Budget.RevenueExecutionRate }),
		money("budget.expenditureEstimate", "Dự toán chi (đồng)", func(in *indicator.Indicators) int64 { return in.Budget.ExpenditureEstimate }),
		money("budget.expenditureActual", "Thực hiện chi (đồng)", func(in *indicator.Indicators) int64 { return in.Budget.ExpenditureActual }),
		rate("budget.expenditureExecutionRate", "Tỷ lệ thực hiện dự toán chi", func(in *indicator.Indicators) *float64 { return in.Budget.ExpenditureExecutionRate }),
		date("budget.approvedOn", "Ngày HĐND phê chuẩn dự toán", func(in *indicator.Indicators) *time.Time { return in.Budget.ApprovedOn }),
		date("budget.publishedOn", "Ngày công khai dự toán", func(in *indicator.Indicators) *time.Time { return in.Budget.PublishedOn }),
		text("findings.code", "Mã phát hiện", func(in *indicator.Indicators) string {
			return joinFindings(in.Findings, func(f indicator.Finding) string { return f.Code }, " ")
		}),
		text("findings.message", "Phát hiện", func(in *indicator.Indicators) string {
			return joinFindings(in.Findings, func(f indicator.Finding) string { return f.Message }, "\n")
		}),
	)
	return cols
}

// The categories whose political theory and education the report counts,
// with their levels (the enums of Official) and Vietnamese names.
var (
	levelCategories = []struct {
		category official.Category
		name     string
	}{{official.CategoryCAN_BO, "Cán bộ"}, {official.CategoryCONG_CHUC, "Công chức"}}
	theoryLevels = []struct{ level, name string }{
		{"NONE", "chưa qua đào tạo"}, {"SO_CAP", "sơ cấp"}, {"TRUNG_CAP", "trung cấp"}, {"CAO_CAP", "cao cấp"},
	}
	educationLevels = []struct{ level, name string }{
		{"UNTRAINED", "chưa qua đào tạo"}, {"SO_CAP", "sơ cấp"}, {"TRUNG_CAP", "trung cấp"}, {"CAO_DANG", "cao đẳng"},
		{"DAI_HOC", "đại học"}, {"THAC_SI", "thạc sĩ"}, {"TIEN_SI", "tiến sĩ"},
	}
)

// levelColumns gives one column per category and level of a staffing list:
// staffing.politicalTheory.CAN_BO.TRUNG_CAP and so on.
func levelColumns(field, title string, levels []struct{ level, name string }, list func(*indicator.Indicators) []indicator.LevelCount) []Column {
	var cols []Column
	for _, c := range levelCategories {
		for _, l := range levels {
			cols = append(cols, count("staffing."+field+"."+string(c.category)+"."+l.level, c.name+", "+title+" "+l.name,
				func(in *indicator.Indicators) int {
					for _, lc := range list(in) {
						if lc.Category == c.category && lc.Level == l.level {
							return lc.Count
						}
					}
					return 0
				}))
		}
	}
	return cols
}

func joinFindings(fs []indicator.Finding, part func(indicator.Finding) string, sep string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = part(f)
	}
	return strings.Join(parts, sep)
}
