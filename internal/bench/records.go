package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"cchc/ent"
	"cchc/ent/procedure"
	"cchc/ent/provinceprocedure"
	"cchc/ent/unit"
	"cchc/internal/database"
	"cchc/internal/enum"
	"cchc/internal/period"
	"cchc/internal/search"
)

var loc = period.Location

// generator writes one province.
type generator struct {
	ctx   context.Context
	db    *database.DB
	cfg   Config
	r     *rand.Rand
	stats *Stats

	first, last int       // the years of the data
	end         time.Time // nothing is received or finished on or after it
	calendar    *calendar

	province    int
	all         []int // every unit: province, districts, communes
	communes    []int
	codes       map[int]string
	procs       []proc
	procIDs     []int
	procIndex   []int              // 0 … len(procs)-1
	procWeights [seasons][]float64 // how often each procedure is asked for in each season
}

// since is when the generated units and procedures were recorded: before
// the data's first year.
func (g *generator) since() time.Time { return localDay(g.first-1, time.December, 1) }

func (g *generator) bulk(table string, cols ...string) *bulk {
	return newBulk(g.ctx, g.db.SQL, g.db.Dialect, table, cols...)
}

// pick returns true with probability p.
func (g *generator) pick(p float64) bool { return g.r.Float64() < p }

// between returns a whole number in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// choose picks one of values by weight.
func choose[T any](r *rand.Rand, values []T, weights []float64) T {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

func (g *generator) units() error {
	tx := g.db.Client.Unit
	since := g.since()
	p, err := tx.Create().SetCode(ProvinceCode).SetName(ProvinceName).SetLevel(unit.LevelPROVINCE).SetKind(unit.KindPROVINCE).
		SetCreatedAt(since).SetUpdatedAt(since).Save(g.ctx)
	if err != nil {
		return err
	}
	g.province, g.codes = p.ID, map[int]string{p.ID: p.Code}
	g.all = append(g.all, p.ID)
	underDistricts := g.cfg.Communes * 2 / 3
	nDistricts := max(1, (underDistricts+10)/20)
	if underDistricts == 0 {
		nDistricts = 0
	}
	var ds []*ent.UnitCreate
	for i := range nDistricts {
		ds = append(ds, tx.Create().SetCode(strconv.Itoa(900+i)).SetName(fmt.Sprintf("Huyện Thử Tải %d", i+1)).
			SetLevel(unit.LevelDISTRICT).SetKind(unit.KindRURAL_DISTRICT).SetParentID(p.ID).SetCreatedAt(since).SetUpdatedAt(since))
	}
	districts, err := tx.CreateBulk(ds...).Save(g.ctx)
	if err != nil {
		return err
	}
	var cs []*ent.UnitCreate
	for i := range g.cfg.Communes {
		c := tx.Create().SetCode(strconv.Itoa(90001 + i)).SetLevel(unit.LevelCOMMUNE).SetCreatedAt(since).SetUpdatedAt(since)
		if i < underDistricts {
			c.SetName(fmt.Sprintf("Xã Thử Tải %d", i+1)).SetKind(unit.KindCOMMUNE).SetParentID(districts[i%nDistricts].ID)
		} else {
			c.SetName(fmt.Sprintf("Phường Thử Tải %d", i+1)).SetKind(unit.KindWARD).SetParentID(p.ID)
		}
		cs = append(cs, c)
	}
	for start := 0; start < len(cs); start += 500 {
		communes, err := tx.CreateBulk(cs[start:min(start+500, len(cs))]...).Save(g.ctx)
		if err != nil {
			return err
		}
		for _, c := range communes {
			g.communes = append(g.communes, c.ID)
			g.codes[c.ID] = c.Code
		}
	}
	for _, d := range districts {
		g.all = append(g.all, d.ID)
		g.codes[d.ID] = d.Code
	}
	g.all = append(g.all, g.communes...)
	g.stats.Districts, g.stats.Communes = len(districts), len(g.communes)
	return nil
}

// proc is a procedure of the catalogue with how often communes handle it.
type proc struct {
	field  string
	name   string
	days   int // working days
	online procedure.OnlineService
	weight float64
}

var procedureKinds = []proc{
	{"Hộ tịch", "Đăng ký khai sinh", 1, procedure.OnlineServiceFULL, 14},
	{"Hộ tịch", "Đăng ký khai tử", 1, procedure.OnlineServiceFULL, 3},
	{"Hộ tịch", "Đăng ký kết hôn", 1, procedure.OnlineServicePARTIAL, 4},
	{"Hộ tịch", "Cấp bản sao trích lục hộ tịch", 1, procedure.OnlineServiceFULL, 8},
	{"Hộ tịch", "Xác nhận tình trạng hôn nhân", 3, procedure.OnlineServiceFULL, 6},
	{"Hộ tịch", "Đăng ký thay đổi, cải chính hộ tịch", 3, procedure.OnlineServicePARTIAL, 1.5},
	{"Chứng thực", "Chứng thực bản sao từ bản chính", 0, procedure.OnlineServicePARTIAL, 30},
	{"Chứng thực", "Chứng thực chữ ký", 0, procedure.OnlineServiceNONE, 6},
	{"Chứng thực", "Chứng thực hợp đồng, giao dịch", 2, procedure.OnlineServiceNONE, 3},
	{"Đất đai", "Hòa giải tranh chấp đất đai", 30, procedure.OnlineServiceNONE, 0.6},
	{"Đất đai", "Xác nhận nguồn gốc sử dụng đất", 10, procedure.OnlineServicePARTIAL, 1.5},
	{"Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, procedure.OnlineServicePARTIAL, 1},
	{"Bảo trợ xã hội", "Trợ cấp xã hội hằng tháng", 20, procedure.OnlineServicePARTIAL, 2},
	{"Bảo trợ xã hội", "Xác định mức độ khuyết tật", 30, procedure.OnlineServiceNONE, 0.8},
	{"Người có công", "Xác nhận thân nhân người có công", 5, procedure.OnlineServicePARTIAL, 1},
	{"Lao động", "Xác nhận hộ nghèo, hộ cận nghèo", 7, procedure.OnlineServicePARTIAL, 2},
	{"Nông nghiệp", "Hỗ trợ khắc phục thiệt hại sản xuất", 10, procedure.OnlineServiceNONE, 0.5},
	{"Văn hóa", "Công nhận gia đình văn hóa", 5, procedure.OnlineServiceFULL, 1.5},
	{"Giáo dục", "Xác nhận hoàn cảnh khó khăn học sinh", 5, procedure.OnlineServiceFULL, 1.5},
	{"Tôn giáo", "Đăng ký hoạt động tín ngưỡng", 15, procedure.OnlineServiceNONE, 0.3},
}

func (g *generator) procedures() error {
	var bs []*ent.ProcedureCreate
	for i, p := range procedureKinds {
		bs = append(bs, g.db.Client.Procedure.Create().SetCode(fmt.Sprintf("BENCH.%03d", i+1)).SetName(p.name).
			SetField(p.field).SetProcessingDays(p.days).SetOnlineService(p.online).SetCreatedAt(g.since()).SetUpdatedAt(g.since()))
	}
	created, err := g.db.Client.Procedure.CreateBulk(bs...).Save(g.ctx)
	if err != nil {
		return err
	}
	for i, p := range created {
		g.procs = append(g.procs, procedureKinds[i])
		g.procIDs = append(g.procIDs, p.ID)
		g.procIndex = append(g.procIndex, i)
		for s := range seasons {
			w := procedureKinds[i].weight
			if f, ok := seasonalProcedure[s][procedureKinds[i].name]; ok {
				w *= f
			}
			g.procWeights[s] = append(g.procWeights[s], w)
		}
	}
	g.stats.Procedures = len(created)
	return g.listProcedures()
}

// listProcedures publishes the province's list of procedures (danh mục
// TTHC của tỉnh): every procedure of the catalogue, which its dossiers draw
// from, with the national processing time.
func (g *generator) listProcedures() error {
	var bs []*ent.ProvinceProcedureCreate
	for i, p := range g.procs {
		bs = append(bs, g.db.Client.ProvinceProcedure.Create().SetUnitID(g.province).SetProcedureID(g.procIDs[i]).
			SetProcessingDays(p.days).SetOnlineService(provinceprocedure.OnlineService(p.online)).
			SetPublishedOn(g.since()).SetCreatedAt(g.since()).SetUpdatedAt(g.since()))
	}
	return g.db.Client.ProvinceProcedure.CreateBulk(bs...).Exec(g.ctx)
}

// officeTime is a time on day during office hours (7:30 to 16:30), not before after.
func (g *generator) officeTime(day time.Time, after time.Time) time.Time {
	t := atTime(day, g.between(7*60+30, 16*60+30))
	if !t.After(after) {
		t = after.Add(time.Duration(g.between(5, 90)) * time.Minute)
	}
	return t
}

func (g *generator) officials() error {
	os := g.bulk("officials", "created_at", "updated_at", "full_name", "category", "position", "party_member",
		"political_theory", "education", "started_on", "ended_on", "unit_id", search.Column)
	var quotas [][]any // written after the officials: one transaction at a time (SQLite has one connection)
	now := g.end
	for _, c := range g.communes {
		canBo, congChuc := g.between(9, 11), g.between(8, 11)
		partTime, village := g.between(10, 14), g.between(12, 28)
		for y := g.first; y <= g.last; y++ {
			quotas = append(quotas, []any{now, now, y, canBo + g.between(0, 1), congChuc + g.between(-1, 1), partTime, c})
		}
		for _, group := range []struct {
			category string
			n        int
			posts    []string
		}{
			{"CAN_BO", canBo, []string{"Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", "Chủ tịch HĐND", "Phó Chủ tịch HĐND", "Chủ tịch UBND", "Phó Chủ tịch UBND", "Chủ tịch UBMTTQ", "Bí thư Đoàn TNCS", "Chủ tịch Hội Phụ nữ", "Chủ tịch Hội Nông dân", "Chủ tịch Hội Cựu chiến binh"}},
			{"CONG_CHUC", congChuc, []string{"Văn phòng - Thống kê", "Tư pháp - Hộ tịch", "Địa chính - Xây dựng", "Tài chính - Kế toán", "Văn hóa - Xã hội", "Chỉ huy trưởng Quân sự", "Trưởng Công an"}},
			{"PART_TIME", partTime, []string{"Phó Chỉ huy trưởng Quân sự", "Văn thư - Lưu trữ", "Thủ quỹ", "Phó Chủ tịch UBMTTQ", "Phụ trách Đài truyền thanh"}},
			{"VILLAGE_PART_TIME", village, []string{"Bí thư Chi bộ thôn", "Trưởng thôn", "Trưởng ban công tác Mặt trận thôn"}},
			{"CONTRACT", g.between(0, 2), []string{"Lái xe", "Bảo vệ", "Hợp đồng chuyên môn"}},
		} {
			for i := range group.n {
				if err := g.official(os, c, group.category, group.posts[i%len(group.posts)]); err != nil {
					return err
				}
			}
		}
	}
	if err := os.close(); err != nil {
		return err
	}
	g.stats.Officials = os.total
	qs := g.bulk("staffing_quota", "created_at", "updated_at", "year", "can_bo", "cong_chuc", "part_time", "unit_id")
	for _, q := range quotas {
		if err := qs.add(q...); err != nil {
			return err
		}
	}
	g.stats.Quotas = qs.total
	return qs.close()
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Hữu"}
	givenNames  = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Nga", "Phương", "Sơn", "Thảo", "Trang", "Tuấn", "Yến", "Khánh", "Long", "Quyên"}
)

// official writes one person holding a post, and when the person left
// during the data's years, the successor.
func (g *generator) official(b *bulk, unitID int, category, post string) error {
	party, theory, educ := 0.3, []float64{85, 12, 3, 0}, []float64{30, 20, 30, 10, 10, 0, 0}
	switch category {
	case "CAN_BO":
		party, theory, educ = 0.95, []float64{5, 20, 70, 5}, []float64{5, 0, 10, 0, 80, 5, 0}
	case "CONG_CHUC":
		party, theory, educ = 0.8, []float64{15, 35, 50, 0}, []float64{0, 0, 2, 5, 88, 5, 0}
	}
	person := func(started time.Time, ended any) error {
		name := familyNames[g.r.IntN(len(familyNames))] + " " + middleNames[g.r.IntN(len(middleNames))] + " " + givenNames[g.r.IntN(len(givenNames))]
		return b.add(started, started, name, category, post, g.pick(party),
			choose(g.r, []string{"NONE", "SO_CAP", "TRUNG_CAP", "CAO_CAP"}, theory),
			choose(g.r, []string{"UNTRAINED", "SO_CAP", "TRUNG_CAP", "CAO_DANG", "DAI_HOC", "THAC_SI", "TIEN_SI"}, educ),
			started, ended, unitID, search.Text(name))
	}
	started := localDay(g.between(g.first-17, g.first-1), time.Month(g.between(1, 12)), g.between(1, 28))
	if !g.pick(0.12) {
		return person(started, nil)
	}
	// The first holder left during the data's years; a successor followed.
	ended := localDay(g.between(g.first, g.last), time.Month(g.between(1, 12)), g.between(1, 28))
	if err := person(started, ended); err != nil {
		return err
	}
	return person(ended.AddDate(0, 0, g.between(0, 60)), nil)
}

func (g *generator) plans() error {
	type planKey struct {
		unit   int
		year   int
		number string
	}
	type planRow struct {
		area   enum.Area
		issued *time.Time
		status string
	}
	var rows [][]any
	specs := map[planKey]planRow{}
	for _, u := range g.all {
		for y := g.first; y <= g.last; y++ {
			n := g.between(5, 9)
			for i := range n {
				area := enum.AreaDirection
				if i > 0 {
					area = enum.Areas[g.r.IntN(len(enum.Areas))]
				}
				issuedOn := localDay(y, time.January, g.between(3, 25))
				if i > 0 {
					issuedOn = localDay(y, time.Month(g.between(1, 11)), g.between(1, 28))
				}
				status := choose(g.r, []string{"ISSUED", "COMPLETED", "CANCELLED", "DRAFT"}, []float64{45, 45, 5, 5})
				var issued *time.Time
				if status != "DRAFT" {
					issued = &issuedOn
				}
				number := fmt.Sprintf("%d/KH-UBND", 10+i*7+g.between(0, 6))
				title := fmt.Sprintf("Kế hoạch cải cách hành chính năm %d", y)
				if i > 0 {
					title = fmt.Sprintf("Kế hoạch %s năm %d (%d)", areaName(area), y, i)
				}
				k := planKey{u, y, number}
				if _, dup := specs[k]; dup {
					continue
				}
				specs[k] = planRow{area, issued, status}
				rows = append(rows, []any{issuedOn, issuedOn, y, number, title, string(area), optTime(issued), status, u, search.Text(title, number)})
			}
		}
	}
	ids := map[planKey]int{}
	err := insertReturning(g.ctx, g.db.SQL, g.db.Dialect, "reform_plans",
		[]string{"created_at", "updated_at", "year", "number", "title", "area", "issued_on", "status", "unit_id", search.Column}, rows,
		"id, unit_id, year, number", func(res *sql.Rows) error {
			var (
				id int
				k  planKey
			)
			err := res.Scan(&id, &k.unit, &k.year, &k.number)
			ids[k] = id
			return err
		})
	if err != nil {
		return err
	}
	g.stats.Plans = len(ids)
	tasks := g.bulk("tasks", "created_at", "updated_at", "title", "area", "due_on", "status", "completed_on", "progress", "plan_id", search.Column)
	for _, r := range rows { // in the order generated, so that the data depends on the seed alone
		k := planKey{r[8].(int), r[2].(int), r[3].(string)}
		if p := specs[k]; p.issued != nil && p.status != "CANCELLED" {
			if err := g.tasks(tasks, ids[k], k.year, p.area, *p.issued); err != nil {
				return err
			}
		}
	}
	g.stats.Tasks = tasks.total
	return tasks.close()
}

// tasks writes the tasks of one plan, due through the plan's year.
func (g *generator) tasks(b *bulk, plan, year int, area enum.Area, issued time.Time) error {
	for i := range g.between(3, 8) {
		due := issued.AddDate(0, g.between(1, 11), g.between(0, 27))
		if due.Year() > year {
			due = localDay(year, time.December, g.between(15, 31))
		}
		status, progress := "NOT_STARTED", 0
		var completed any
		if due.Before(g.end) {
			status = choose(g.r, []string{"DONE", "IN_PROGRESS", "CANCELLED"}, []float64{85, 10, 5})
		} else if g.pick(0.5) {
			status = "IN_PROGRESS"
		}
		switch status {
		case "DONE":
			progress = 100
			c := due.AddDate(0, 0, g.between(-40, 5))
			if g.pick(0.1) {
				c = due.AddDate(0, 0, g.between(1, 45))
			}
			if c.Before(issued) {
				c = issued
			}
			if c.After(g.end) {
				c = g.end.AddDate(0, 0, -1)
			}
			completed = c
		case "IN_PROGRESS":
			progress = g.between(10, 90)
		}
		title := fmt.Sprintf("Nhiệm vụ %d về %s", i+1, areaName(area))
		if err := b.add(issued, issued, title, string(area), due, status, completed, progress, plan, search.Text(title)); err != nil {
			return err
		}
	}
	return nil
}

var feedbackContents = []string{
	"Phản ánh thời gian giải quyết hồ sơ chậm so với giấy hẹn",
	"Kiến nghị niêm yết công khai thủ tục hành chính đầy đủ hơn",
	"Phản ánh thái độ tiếp công dân tại bộ phận một cửa",
	"Kiến nghị hướng dẫn nộp hồ sơ trực tuyến",
	"Phản ánh yêu cầu bổ sung giấy tờ không có trong quy định",
}

func (g *generator) feedback() error {
	b := g.bulk("feedbacks", "created_at", "updated_at", "received_at", "resolved_at", "content", "unit_id")
	years := g.last - g.first + 1
	for _, c := range g.communes {
		for range g.between(2*years, 20*years) {
			received := atTime(g.calendar.days[g.calendar.draw(g.r.Float64())], g.between(7*60, 21*60))
			var resolved any
			if g.pick(0.9) {
				if t := received.Add(time.Duration(g.between(4, 24*20)) * time.Hour); t.Before(g.end) {
					resolved = t
				}
			}
			if err := b.add(received, received, received, resolved, feedbackContents[g.r.IntN(len(feedbackContents))], c); err != nil {
				return err
			}
		}
	}
	g.stats.Feedback = b.total
	return b.close()
}

var budgetLines = []struct {
	direction, code, name string
	share                 float64 // of the year's revenue
}{
	{"REVENUE", "1", "Các khoản thu ngân sách xã hưởng 100%", 0.12},
	{"REVENUE", "2", "Các khoản thu phân chia theo tỷ lệ phần trăm", 0.18},
	{"REVENUE", "3", "Thu bổ sung từ ngân sách cấp trên", 0.62},
	{"REVENUE", "4", "Thu chuyển nguồn năm trước", 0.08},
	{"EXPENDITURE", "1", "Chi đầu tư phát triển", 0.25},
	{"EXPENDITURE", "2.1", "Chi quản lý nhà nước, Đảng, đoàn thể", 0.42},
	{"EXPENDITURE", "2.2", "Chi sự nghiệp văn hóa, thông tin, thể thao", 0.05},
	{"EXPENDITURE", "2.3", "Chi đảm bảo xã hội", 0.12},
	{"EXPENDITURE", "2.4", "Chi quốc phòng, an ninh", 0.1},
	{"EXPENDITURE", "3", "Dự phòng ngân sách", 0.06},
}

func (g *generator) budgets() error {
	type key struct{ unit, year int }
	var rows [][]any
	size := map[key]float64{}
	for _, c := range g.communes {
		base := 6e9 * math.Exp(g.r.NormFloat64()*0.35)
		for y := g.first; y <= g.last; y++ {
			approved := localDay(y-1, time.December, g.between(15, 28))
			var published any
			if g.pick(0.95) {
				published = approved.AddDate(0, 0, g.between(3, 30))
			}
			size[key{c, y}] = base * (1 + 0.06*float64(y-g.first))
			rows = append(rows, []any{approved, approved, y, approved, published, c})
		}
	}
	ids := map[key]int{}
	err := insertReturning(g.ctx, g.db.SQL, g.db.Dialect, "budgets",
		[]string{"created_at", "updated_at", "fiscal_year", "approved_on", "published_on", "unit_id"}, rows,
		"id, unit_id, fiscal_year", func(res *sql.Rows) error {
			var (
				id int
				k  key
			)
			err := res.Scan(&id, &k.unit, &k.year)
			ids[k] = id
			return err
		})
	if err != nil {
		return err
	}
	g.stats.Budgets = len(ids)
	lines := g.bulk("budget_lines", "created_at", "updated_at", "direction", "code", "name", "estimate", "actual", "budget_id")
	for _, r := range rows {
		k := key{r[5].(int), r[2].(int)}
		at := localDay(k.year, time.January, 5)
		for _, l := range budgetLines {
			estimate := int64(size[k]*l.share/1e6) * 1e6
			actual := int64(float64(estimate) * (0.8 + 0.4*g.r.Float64()))
			if err := lines.add(at, at, l.direction, l.code, l.name, estimate, actual, ids[k]); err != nil {
				return err
			}
		}
	}
	g.stats.Lines = lines.total
	return lines.close()
}

// areaName is the Vietnamese name of a reform area.
func areaName(a enum.Area) string {
	name, _, _ := strings.Cut(enum.AreaDescriptions[a], " / ")
	return name
}

func optTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}
