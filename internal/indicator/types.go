package indicator

import (
	"time"

	"cchc/ent"
	"cchc/ent/official"
	"cchc/internal/enum"
	"cchc/internal/period"
)

// Indicators are the figures of one unit for one period.
type Indicators struct {
	Unit     *ent.Unit
	Period   period.Period
	Dossiers DossierFigures
	Staffing StaffingFigures
	Plans    PlanFigures
	Feedback FeedbackFigures
	Budget   BudgetFigures
	Findings []Finding
}

// DossierFigures are the one-stop-shop figures of DOMAIN.md.
type DossierFigures struct {
	CarriedOver           int // từ kỳ trước chuyển qua
	ReceivedInPeriod      int // tiếp nhận trong kỳ
	Online                int // trực tuyến
	Direct                int // trực tiếp
	Postal                int // qua bưu chính công ích
	Total                 int // tổng số = carriedOver + receivedInPeriod
	Resolved              int // đã giải quyết
	Early                 int // trước hạn
	OnTime                int // đúng hạn
	Late                  int // quá hạn
	Pending               int // đang giải quyết
	PendingWithinDeadline int // trong hạn
	PendingOverdue        int // quá hạn
	OtherClosed           int // từ chối, rút, dừng
	OnTimeRate            *float64
	OnlineRate            *float64
	// Gaps the findings report.
	ResolvedWithoutDueDate int
	PendingWithoutDueDate  int
}

// CategoryCounts count officials by category.
type CategoryCounts struct {
	CanBo, CongChuc, PartTime, VillagePartTime, Contract, Total int
}

// QuotaFigures are the posts assigned for the period's year.
type QuotaFigures struct {
	CanBo, CongChuc int
	PartTime        *int
	Total           int
}

// LevelCount counts officials of a category at a level of political theory or education.
type LevelCount struct {
	Category official.Category
	Level    string
	Count    int
}

// StaffingFigures describe the people serving at the end of the period.
type StaffingFigures struct {
	Quota                   *QuotaFigures
	Serving                 CategoryCounts
	ContractInCongChucPosts int
	PartTimeCommune         int
	PartTimeVillage         int
	PartyMembers            CategoryCounts
	PoliticalTheory         []LevelCount
	Education               []LevelCount
}

// AreaCount counts plans of a reform area.
type AreaCount struct {
	Area  enum.Area
	Count int
}

// PlanFigures count plans issued and tasks due in the period.
type PlanFigures struct {
	Issued          int
	IssuedByArea    []AreaCount
	TasksDue        int
	TasksDoneOnTime int
	TasksDoneLate   int
	TasksOverdue    int
	TasksOpen       int
}

// FeedbackFigures count feedback received and resolved in the period.
type FeedbackFigures struct {
	Received       int
	Resolved       int
	ResolvedOnTime int // within FeedbackDays of receipt
}

// FeedbackDays is the time within which feedback counts as resolved on time.
const FeedbackDays = 10

// BudgetFigures are the budget of the period's fiscal year.
type BudgetFigures struct {
	RevenueEstimate, RevenueActual         int64
	ExpenditureEstimate, ExpenditureActual int64
	RevenueExecutionRate                   *float64
	ExpenditureExecutionRate               *float64
	ApprovedOn, PublishedOn                *time.Time
}

// Finding is a gap in the records or the report, with a stable code.
type Finding struct {
	Code    string
	Message string
}
