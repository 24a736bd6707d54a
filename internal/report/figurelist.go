package report

import (
	"cchc/ent/official"
	"cchc/internal/enum"
	"cchc/internal/indicator"
)

// figureSpec is one figure a section shows: where to read it in Figures.
type figureSpec struct {
	key, label, unit string
	get              func(*Figures) *float64
}

func count(key, label, unit string, get func(*Figures) int) figureSpec {
	return figureSpec{key, label, unit, func(f *Figures) *float64 { v := float64(get(f)); return &v }}
}

func amount(key, label string, get func(*Figures) int64) figureSpec {
	return figureSpec{key, label, "đồng", func(f *Figures) *float64 { v := float64(get(f)); return &v }}
}

func ratio(key, label string, get func(*Figures) *float64) figureSpec {
	return figureSpec{key, label, "tỷ lệ", get}
}

// figureSet reads specs from the live and the submitted figures, leaving out
// those the reader is not shown: a figure withheld is absent, not null, since
// null already means a figure that cannot be computed.
type figureSet struct {
	live, submitted *Figures
	shows           func(key string) bool
}

func (s figureSet) of(specs []figureSpec) []*Figure {
	out := make([]*Figure, 0, len(specs))
	for _, sp := range specs {
		if !s.shows(sp.key) {
			continue
		}
		f := &Figure{Key: sp.key, Label: sp.label, Unit: sp.unit, Live: sp.get(s.live)}
		if s.submitted != nil {
			f.Submitted = sp.get(s.submitted)
			f.Changed = !equal(f.Live, f.Submitted)
		}
		out = append(out, f)
	}
	return out
}

func equal(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

var directionFigures = []figureSpec{
	count("plans.issued", "Kế hoạch CCHC ban hành trong kỳ", "kế hoạch", func(f *Figures) int { return f.Plans.Issued }),
	count("plans.tasksDue", "Nhiệm vụ đến hạn trong kỳ", "nhiệm vụ", func(f *Figures) int { return f.Plans.TasksDue }),
	count("plans.tasksDoneOnTime", "Nhiệm vụ hoàn thành đúng hạn", "nhiệm vụ", func(f *Figures) int { return f.Plans.TasksDoneOnTime }),
	count("plans.tasksDoneLate", "Nhiệm vụ hoàn thành quá hạn", "nhiệm vụ", func(f *Figures) int { return f.Plans.TasksDoneLate }),
	count("plans.tasksOverdue", "Nhiệm vụ quá hạn chưa hoàn thành", "nhiệm vụ", func(f *Figures) int { return f.Plans.TasksOverdue }),
	count("plans.tasksOpen", "Nhiệm vụ đang thực hiện", "nhiệm vụ", func(f *Figures) int { return f.Plans.TasksOpen }),
}

// areaPlans is the number of plans of an area issued in the period.
func areaPlans(a enum.Area) figureSpec {
	return count("plans.issuedByArea."+string(a), "Kế hoạch về "+areaName(a)+" ban hành trong kỳ", "kế hoạch", func(f *Figures) int {
		for _, c := range f.Plans.IssuedByArea {
			if c.Area == a {
				return c.Count
			}
		}
		return 0
	})
}

var dossierFigures = []figureSpec{
	count("dossiers.total", "Tổng số hồ sơ TTHC đã tiếp nhận", "hồ sơ", func(f *Figures) int { return f.Dossiers.Total }),
	count("dossiers.receivedInPeriod", "Tiếp nhận trong kỳ", "hồ sơ", func(f *Figures) int { return f.Dossiers.ReceivedInPeriod }),
	count("dossiers.online", "Tiếp nhận trực tuyến", "hồ sơ", func(f *Figures) int { return f.Dossiers.Online }),
	count("dossiers.direct", "Tiếp nhận trực tiếp", "hồ sơ", func(f *Figures) int { return f.Dossiers.Direct }),
	count("dossiers.postal", "Tiếp nhận qua dịch vụ bưu chính", "hồ sơ", func(f *Figures) int { return f.Dossiers.Postal }),
	count("dossiers.carriedOver", "Từ kỳ trước chuyển qua", "hồ sơ", func(f *Figures) int { return f.Dossiers.CarriedOver }),
	count("dossiers.resolved", "Đã giải quyết", "hồ sơ", func(f *Figures) int { return f.Dossiers.Resolved }),
	count("dossiers.early", "Giải quyết trước hạn", "hồ sơ", func(f *Figures) int { return f.Dossiers.Early }),
	count("dossiers.onTime", "Giải quyết đúng hạn", "hồ sơ", func(f *Figures) int { return f.Dossiers.OnTime }),
	count("dossiers.late", "Giải quyết quá hạn", "hồ sơ", func(f *Figures) int { return f.Dossiers.Late }),
	count("dossiers.pending", "Đang giải quyết", "hồ sơ", func(f *Figures) int { return f.Dossiers.Pending }),
	count("dossiers.pendingWithinDeadline", "Đang giải quyết trong hạn", "hồ sơ", func(f *Figures) int { return f.Dossiers.PendingWithinDeadline }),
	count("dossiers.pendingOverdue", "Đang giải quyết quá hạn", "hồ sơ", func(f *Figures) int { return f.Dossiers.PendingOverdue }),
	count("dossiers.otherClosed", "Từ chối, rút, dừng xử lý", "hồ sơ", func(f *Figures) int { return f.Dossiers.OtherClosed }),
	ratio("dossiers.onTimeRate", "Tỷ lệ giải quyết trước hạn và đúng hạn", func(f *Figures) *float64 { return f.Dossiers.OnTimeRate }),
	count("feedback.received", "Phản ánh, kiến nghị tiếp nhận", "phản ánh", func(f *Figures) int { return f.Feedback.Received }),
	count("feedback.resolved", "Phản ánh, kiến nghị đã xử lý", "phản ánh", func(f *Figures) int { return f.Feedback.Resolved }),
	count("feedback.resolvedOnTime", "Phản ánh, kiến nghị xử lý đúng hạn", "phản ánh", func(f *Figures) int { return f.Feedback.ResolvedOnTime }),
}

// quota reads a field of the quota, nil when none is recorded.
func quota(get func(*indicator.QuotaFigures) int) func(*Figures) *float64 {
	return func(f *Figures) *float64 {
		if f.Staffing.Quota == nil {
			return nil
		}
		v := float64(get(f.Staffing.Quota))
		return &v
	}
}

var apparatusFigures = []figureSpec{
	{"staffing.quota.canBo", "Biên chế được giao: cán bộ", "người", quota(func(q *indicator.QuotaFigures) int { return q.CanBo })},
	{"staffing.quota.congChuc", "Biên chế được giao: công chức", "người", quota(func(q *indicator.QuotaFigures) int { return q.CongChuc })},
	{"staffing.quota.total", "Biên chế được giao", "người", quota(func(q *indicator.QuotaFigures) int { return q.Total })},
	count("staffing.serving.canBo", "Cán bộ có mặt", "người", func(f *Figures) int { return f.Staffing.Serving.CanBo }),
	count("staffing.serving.congChuc", "Công chức có mặt", "người", func(f *Figures) int { return f.Staffing.Serving.CongChuc }),
	count("staffing.contractInCongChucPosts", "Hợp đồng lao động ở vị trí công chức", "người", func(f *Figures) int { return f.Staffing.ContractInCongChucPosts }),
	count("staffing.partTimeCommune", "Không chuyên trách cấp xã", "người", func(f *Figures) int { return f.Staffing.PartTimeCommune }),
	count("staffing.partTimeVillage", "Không chuyên trách ở thôn, tổ dân phố", "người", func(f *Figures) int { return f.Staffing.PartTimeVillage }),
}

// civilServiceFigures are the qualifications of cán bộ and công chức at every
// level met in the live or the submitted figures, then trainings and discipline.
func civilServiceFigures(live, submitted *Figures) []figureSpec {
	out := []figureSpec{
		count("staffing.partyMembers.canBo", "Cán bộ là đảng viên", "người", func(f *Figures) int { return f.Staffing.PartyMembers.CanBo }),
		count("staffing.partyMembers.congChuc", "Công chức là đảng viên", "người", func(f *Figures) int { return f.Staffing.PartyMembers.CongChuc }),
	}
	for _, kind := range []struct {
		key, label string
		order      []struct{ level, word string }
		list       func(*Figures) []indicator.LevelCount
	}{
		{"politicalTheory", "lý luận chính trị", theoryOrder, func(f *Figures) []indicator.LevelCount { return f.Staffing.PoliticalTheory }},
		{"education", "chuyên môn", educationOrder, func(f *Figures) []indicator.LevelCount { return f.Staffing.Education }},
	} {
		for _, cat := range []struct {
			c    official.Category
			name string
		}{{official.CategoryCAN_BO, "Cán bộ"}, {official.CategoryCONG_CHUC, "Công chức"}} {
			for _, o := range kind.order {
				met := false
				for _, f := range []*Figures{live, submitted} {
					if f != nil && levelCount(kind.list(f), cat.c, o.level) > 0 {
						met = true
					}
				}
				if !met {
					continue
				}
				list, c, level := kind.list, cat.c, o.level
				out = append(out, count("staffing."+kind.key+"."+string(c)+"."+level,
					cat.name+", trình độ "+kind.label+" "+o.word, "người",
					func(f *Figures) int { return levelCount(list(f), c, level) }))
			}
		}
	}
	return append(out,
		count("civilService.trainings", "Lượt người tham gia đào tạo, bồi dưỡng bắt đầu trong kỳ", "lượt", func(f *Figures) int { return f.CivilService.Trainings }),
		count("civilService.trainees", "Người tham gia đào tạo, bồi dưỡng bắt đầu trong kỳ", "người", func(f *Figures) int { return f.CivilService.Trainees }),
		figureSpec{disciplineKey, "Trường hợp bị xử lý kỷ luật trong kỳ", "trường hợp", func(f *Figures) *float64 {
			if n := f.CivilService.DisciplinaryActions; n != nil {
				v := float64(*n)
				return &v
			}
			return nil
		}},
	)
}

func levelCount(list []indicator.LevelCount, c official.Category, level string) int {
	for _, l := range list {
		if l.Category == c && l.Level == level {
			return l.Count
		}
	}
	return 0
}

var financeFigures = []figureSpec{
	amount("budget.revenueEstimate", "Dự toán thu ngân sách", func(f *Figures) int64 { return f.Budget.RevenueEstimate }),
	amount("budget.revenueActual", "Thực hiện thu ngân sách", func(f *Figures) int64 { return f.Budget.RevenueActual }),
	ratio("budget.revenueExecutionRate", "Tỷ lệ thực hiện thu so với dự toán", func(f *Figures) *float64 { return f.Budget.RevenueExecutionRate }),
	amount("budget.expenditureEstimate", "Dự toán chi ngân sách", func(f *Figures) int64 { return f.Budget.ExpenditureEstimate }),
	amount("budget.expenditureActual", "Thực hiện chi ngân sách", func(f *Figures) int64 { return f.Budget.ExpenditureActual }),
	ratio("budget.expenditureExecutionRate", "Tỷ lệ thực hiện chi so với dự toán", func(f *Figures) *float64 { return f.Budget.ExpenditureExecutionRate }),
}

var digitalFigures = []figureSpec{
	count("dossiers.online", "Tiếp nhận trực tuyến", "hồ sơ", func(f *Figures) int { return f.Dossiers.Online }),
	count("dossiers.receivedInPeriod", "Tiếp nhận trong kỳ", "hồ sơ", func(f *Figures) int { return f.Dossiers.ReceivedInPeriod }),
	ratio("dossiers.onlineRate", "Tỷ lệ tiếp nhận trực tuyến", func(f *Figures) *float64 { return f.Dossiers.OnlineRate }),
}

// areaFigures are the figures of a reform area beyond its plans.
func areaFigures(a enum.Area, live, submitted *Figures) []figureSpec {
	switch a {
	case enum.AreaProcedures:
		return dossierFigures
	case enum.AreaApparatus:
		return apparatusFigures
	case enum.AreaCivilService:
		return civilServiceFigures(live, submitted)
	case enum.AreaPublicFinance:
		return financeFigures
	case enum.AreaDigitalGovernment:
		return digitalFigures
	}
	return nil
}
