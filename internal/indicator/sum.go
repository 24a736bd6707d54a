package indicator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/internal/enum"
	"cchc/internal/period"
)

// sum adds up the raw figures of the units of a target's subtree, then
// derives totals, rates and findings from the sums.
func (r *raw) sum(target *ent.Unit, p period.Period, units []int) *Indicators {
	in := &Indicators{Unit: target, Period: p}
	d := &in.Dossiers
	theory, educ := map[[2]string]int{}, map[[2]string]int{}
	areas := map[enum.Area]int{}
	var quota *QuotaFigures
	for _, id := range units {
		if f := r.dossiers[id]; f != nil {
			addDossiers(d, f)
		}
		for _, o := range r.officials[id] {
			addCategory(&in.Staffing.Serving, o.category, o.count)
			if o.party {
				addCategory(&in.Staffing.PartyMembers, o.category, o.count)
			}
			theory[[2]string{string(o.category), o.theory}] += o.count
			educ[[2]string{string(o.category), o.educ}] += o.count
		}
		if q := r.quotas[id]; q != nil {
			if quota == nil {
				quota = &QuotaFigures{}
			}
			quota.CanBo += q.CanBo
			quota.CongChuc += q.CongChuc
			if q.PartTime != nil {
				n := *q.PartTime
				if quota.PartTime != nil {
					n += *quota.PartTime
				}
				quota.PartTime = &n
			}
		}
		for a, n := range r.plans[id] {
			areas[a] += n
			in.Plans.Issued += n
		}
		if t := r.tasks[id]; t != nil {
			in.Plans.TasksDue += t.TasksDue
			in.Plans.TasksDoneOnTime += t.TasksDoneOnTime
			in.Plans.TasksDoneLate += t.TasksDoneLate
			in.Plans.TasksOverdue += t.TasksOverdue
			in.Plans.TasksOpen += t.TasksOpen
		}
		if f := r.feedback[id]; f != nil {
			in.Feedback.Received += f.Received
			in.Feedback.Resolved += f.Resolved
			in.Feedback.ResolvedOnTime += f.ResolvedOnTime
		}
		if b := r.budgets[id]; b != nil {
			in.Budget.RevenueEstimate += b.RevenueEstimate
			in.Budget.RevenueActual += b.RevenueActual
			in.Budget.ExpenditureEstimate += b.ExpenditureEstimate
			in.Budget.ExpenditureActual += b.ExpenditureActual
			if len(units) == 1 || id == target.ID {
				in.Budget.ApprovedOn, in.Budget.PublishedOn = b.ApprovedOn, b.PublishedOn
			}
		}
	}
	d.Total = d.CarriedOver + d.ReceivedInPeriod
	d.PendingWithinDeadline = d.Pending - d.PendingOverdue
	d.OnTimeRate = rate(int64(d.Early+d.OnTime), int64(d.Resolved))
	d.OnlineRate = rate(int64(d.Online), int64(d.ReceivedInPeriod))
	s := &in.Staffing
	if quota != nil {
		quota.Total = quota.CanBo + quota.CongChuc
		s.Quota = quota
	}
	s.ContractInCongChucPosts = s.Serving.Contract
	s.PartTimeCommune, s.PartTimeVillage = s.Serving.PartTime, s.Serving.VillagePartTime
	s.PoliticalTheory, s.Education = levels(theory), levels(educ)
	for _, a := range enum.Areas {
		if areas[a] > 0 {
			in.Plans.IssuedByArea = append(in.Plans.IssuedByArea, AreaCount{Area: a, Count: areas[a]})
		}
	}
	in.Budget.RevenueExecutionRate = rate(in.Budget.RevenueActual, in.Budget.RevenueEstimate)
	in.Budget.ExpenditureExecutionRate = rate(in.Budget.ExpenditureActual, in.Budget.ExpenditureEstimate)
	in.Findings = findings(in, r.claims[target.ID])
	return in
}

func addDossiers(d, f *DossierFigures) {
	d.CarriedOver += f.CarriedOver
	d.ReceivedInPeriod += f.ReceivedInPeriod
	d.Online += f.Online
	d.Direct += f.Direct
	d.Postal += f.Postal
	d.Resolved += f.Resolved
	d.Early += f.Early
	d.OnTime += f.OnTime
	d.Late += f.Late
	d.Pending += f.Pending
	d.PendingOverdue += f.PendingOverdue
	d.OtherClosed += f.OtherClosed
	d.ResolvedWithoutDueDate += f.ResolvedWithoutDueDate
	d.PendingWithoutDueDate += f.PendingWithoutDueDate
}

func addCategory(c *CategoryCounts, cat official.Category, n int) {
	switch cat {
	case official.CategoryCAN_BO:
		c.CanBo += n
	case official.CategoryCONG_CHUC:
		c.CongChuc += n
	case official.CategoryPART_TIME:
		c.PartTime += n
	case official.CategoryVILLAGE_PART_TIME:
		c.VillagePartTime += n
	case official.CategoryCONTRACT:
		c.Contract += n
	}
	c.Total += n
}

// levels turns counts keyed by (category, level) into a sorted list.
func levels(m map[[2]string]int) []LevelCount {
	out := make([]LevelCount, 0, len(m))
	for k, n := range m {
		out = append(out, LevelCount{Category: official.Category(k[0]), Level: k[1], Count: n})
	}
	slices.SortFunc(out, func(a, b LevelCount) int {
		return cmp.Or(strings.Compare(string(a.Category), string(b.Category)), strings.Compare(a.Level, b.Level))
	})
	return out
}

// rate is num/den, or nil when den is 0.
func rate(num, den int64) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

// overdueDenials are phrases by which a report claims no dossier was late.
var overdueDenials = []string{
	"không để xảy ra tình trạng quá hạn", "không có hồ sơ quá hạn", "không có hồ sơ trễ hạn", "không để hồ sơ quá hạn",
}

// findings lists the gaps of one unit's figures and report.
func findings(in *Indicators, narrative string) []Finding {
	d, s := in.Dossiers, in.Staffing
	out := []Finding{}
	add := func(code, format string, args ...any) {
		out = append(out, Finding{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if d.Total != d.Resolved+d.Pending+d.OtherClosed {
		add("DOSSIER_TOTALS_MISMATCH", "Tổng số hồ sơ (%d) khác đã giải quyết + đang giải quyết + kết thúc khác (%d + %d + %d) / the dossier total does not add up",
			d.Total, d.Resolved, d.Pending, d.OtherClosed)
	}
	if d.OtherClosed > 0 {
		add("DOSSIERS_OTHER_CLOSED", "%d hồ sơ không được giải quyết cũng không còn đang giải quyết (bị từ chối, rút hoặc dừng xử lý); báo cáo cần nêu rõ / %d dossiers were neither resolved nor pending (rejected, withdrawn or stopped): total %d = resolved %d + pending %d + %d",
			d.OtherClosed, d.OtherClosed, d.Total, d.Resolved, d.Pending, d.OtherClosed)
	}
	if n := d.ResolvedWithoutDueDate + d.PendingWithoutDueDate; n > 0 {
		add("DOSSIERS_WITHOUT_DUE_DATE", "%d hồ sơ không có ngày hẹn trả nên không xác định được đúng hạn hay quá hạn / %d dossiers have no due date", n, n)
	}
	if late := d.Late + d.PendingOverdue; late > 0 {
		lower := strings.ToLower(narrative)
		for _, phrase := range overdueDenials {
			if strings.Contains(lower, phrase) {
				add("REPORT_DENIES_OVERDUE", "Báo cáo nêu \"%s\" nhưng số liệu có %d hồ sơ giải quyết quá hạn và %d hồ sơ đang quá hạn / the report claims no overdue dossiers, yet %d were resolved late and %d are overdue",
					phrase, d.Late, d.PendingOverdue, d.Late, d.PendingOverdue)
				break
			}
		}
	}
	if q := s.Quota; q != nil {
		if s.Serving.CanBo > q.CanBo {
			add("CAN_BO_OVER_QUOTA", "Số cán bộ (%d) vượt biên chế được giao (%d) / more cán bộ serving than the quota", s.Serving.CanBo, q.CanBo)
		}
		if s.Serving.CongChuc > q.CongChuc {
			add("CONG_CHUC_OVER_QUOTA", "Số công chức (%d) vượt biên chế được giao (%d) / more công chức serving than the quota", s.Serving.CongChuc, q.CongChuc)
		}
	} else if s.Serving.CanBo+s.Serving.CongChuc > 0 {
		add("NO_STAFFING_QUOTA", "Chưa có biên chế được giao năm %d / no staffing quota recorded for %d", in.Period.Year, in.Period.Year)
	}
	if in.Plans.TasksOverdue > 0 {
		add("TASKS_OVERDUE", "%d nhiệm vụ đến hạn trong kỳ chưa hoàn thành / %d tasks due in the period are not done", in.Plans.TasksOverdue, in.Plans.TasksOverdue)
	}
	return out
}
