package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"cchc/ent/official"
)

// person is an official before it is written.
type person struct {
	unit       string
	name       string
	category   official.Category
	position   string
	concurrent []string
	party      bool
	theory     official.PoliticalTheory
	edu        official.Education
	born       time.Time
	phone      string
	started    time.Time
	ended      *time.Time
}

const (
	canBo    = official.CategoryCAN_BO
	congChuc = official.CategoryCONG_CHUC
	partTime = official.CategoryPART_TIME
	village  = official.CategoryVILLAGE_PART_TIME
	contract = official.CategoryCONTRACT

	thNone  = official.PoliticalTheoryNONE
	thSo    = official.PoliticalTheorySO_CAP
	thTrung = official.PoliticalTheoryTRUNG_CAP
	thCao   = official.PoliticalTheoryCAO_CAP

	edUntrained = official.EducationUNTRAINED
	edSo        = official.EducationSO_CAP
	edTrung     = official.EducationTRUNG_CAP
	edCaoDang   = official.EducationCAO_DANG
	edDaiHoc    = official.EducationDAI_HOC
	edThacSi    = official.EducationTHAC_SI
)

// taiSonStaff are the people of Tái Sơn as the report counts them in 2023:
// 9 cán bộ (the post of Bí thư Đoàn is held concurrently) and 8 công chức,
// all party members; 32 part-time workers at commune and village level; and
// the former Bí thư Đoàn, who left in 2022.
func taiSonStaff(r *rand.Rand) []person {
	const ts = "11098"
	p := func(name string, cat official.Category, position string, th official.PoliticalTheory, ed official.Education, born, started time.Time, concurrent ...string) person {
		return person{unit: ts, name: name, category: cat, position: position, concurrent: concurrent, party: true,
			theory: th, edu: ed, born: born, phone: phone(r), started: started}
	}
	out := []person{
		// Cán bộ: trung cấp LLCT 8, sơ cấp 1; đại học 8, chưa qua đào tạo 1.
		p("Phạm Văn Thắng", canBo, "Bí thư Đảng ủy xã", thTrung, edDaiHoc, day(1969, 4, 12), day(2015, 7, 1), "Chủ tịch HĐND xã"),
		p("Nguyễn Văn Hòa", canBo, "Phó Bí thư Thường trực Đảng ủy xã", thTrung, edDaiHoc, day(1972, 9, 3), day(2010, 5, 15)),
		p("Nguyễn Thế Thọ", canBo, "Chủ tịch UBND xã", thTrung, edDaiHoc, day(1974, 2, 20), day(2016, 6, 28), "Phó Bí thư Đảng ủy xã"),
		p("Vũ Thị Hạnh", canBo, "Phó Chủ tịch HĐND xã", thTrung, edDaiHoc, day(1978, 11, 7), day(2011, 7, 1)),
		p("Đỗ Văn Long", canBo, "Phó Chủ tịch UBND xã", thTrung, edDaiHoc, day(1987, 6, 16), day(2012, 3, 1), "Bí thư Đoàn TNCS Hồ Chí Minh xã"),
		p("Trần Văn Bình", canBo, "Chủ tịch Ủy ban MTTQ Việt Nam xã", thTrung, edDaiHoc, day(1968, 1, 25), day(2009, 8, 10)),
		p("Phạm Thị Thu Hương", canBo, "Chủ tịch Hội Liên hiệp Phụ nữ xã", thTrung, edDaiHoc, day(1980, 3, 8), day(2013, 1, 2)),
		p("Nguyễn Văn Tuấn", canBo, "Chủ tịch Hội Nông dân xã", thTrung, edDaiHoc, day(1971, 10, 30), day(2014, 4, 1)),
		p("Lê Văn Khải", canBo, "Chủ tịch Hội Cựu chiến binh xã", thSo, edUntrained, day(1963, 8, 20), day(2017, 12, 15)),
		// Công chức: trung cấp LLCT 5, sơ cấp 3; đại học 8.
		p("Nguyễn Thị Lan", congChuc, "Công chức Văn phòng - Thống kê", thTrung, edDaiHoc, day(1983, 5, 14), day(2008, 10, 1)),
		p("Phạm Văn Đức", congChuc, "Công chức Văn phòng - Thống kê", thSo, edDaiHoc, day(1991, 12, 2), day(2016, 3, 1)),
		p("Trần Thị Mai", congChuc, "Công chức Tư pháp - Hộ tịch", thTrung, edDaiHoc, day(1985, 7, 19), day(2009, 6, 1)),
		p("Vũ Văn Nam", congChuc, "Công chức Tư pháp - Hộ tịch", thSo, edDaiHoc, day(1992, 4, 5), day(2019, 9, 16)),
		p("Nguyễn Văn Hải", congChuc, "Công chức Địa chính - Xây dựng", thTrung, edDaiHoc, day(1982, 2, 11), day(2007, 5, 2)),
		p("Đào Văn Quang", congChuc, "Công chức Địa chính - Xây dựng", thSo, edDaiHoc, day(1990, 8, 28), day(2018, 1, 2)),
		p("Phạm Thị Ngọc", congChuc, "Công chức Tài chính - Kế toán", thTrung, edDaiHoc, day(1984, 10, 9), day(2010, 2, 1)),
		p("Nguyễn Văn Dũng", congChuc, "Công chức Văn hóa - Xã hội", thTrung, edDaiHoc, day(1986, 12, 24), day(2012, 8, 1)),
	}
	// The former Bí thư Đoàn, moved to the district youth union in 2022.
	former := p("Bùi Văn Toàn", canBo, "Bí thư Đoàn TNCS Hồ Chí Minh xã", thSo, edDaiHoc, day(1993, 3, 3), day(2017, 1, 3))
	former.ended = ptr(day(2022, 8, 31))
	out = append(out, former)

	used := map[string]bool{}
	for _, o := range out {
		used[o.name] = true
	}
	// 11 part-time workers at commune level.
	for _, pos := range []string{
		"Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Văn phòng Đảng ủy", "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
		"Phó Chủ tịch Hội Liên hiệp Phụ nữ xã", "Phó Chủ tịch Hội Nông dân xã", "Phó Chủ tịch Hội Cựu chiến binh xã",
		"Phó Bí thư Đoàn TNCS Hồ Chí Minh xã", "Chủ tịch Hội Người cao tuổi xã", "Chủ tịch Hội Chữ thập đỏ xã",
		"Thủ quỹ - Văn thư - Lưu trữ", "Phụ trách Đài truyền thanh xã",
	} {
		out = append(out, partTimer(r, ts, partTime, pos, used, 0.8))
	}
	// 21 at village level: party secretary, head and Front committee head of each of seven villages.
	for _, v := range []string{"Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ"} {
		for _, pos := range villagePosts {
			out = append(out, partTimer(r, ts, village, pos+" thôn "+v, used, 0.75))
		}
	}
	return out
}

var villagePosts = []string{"Bí thư Chi bộ", "Trưởng", "Trưởng Ban công tác Mặt trận"}

// partTimer draws a part-time worker: mostly party members, with sơ cấp
// political theory at most and secondary vocational training or none.
func partTimer(r *rand.Rand, unit string, cat official.Category, position string, used map[string]bool, partyShare float64) person {
	male := r.IntN(3) != 0
	if strings.Contains(position, "Phụ nữ") {
		male = false
	}
	party := r.Float64() < partyShare || strings.HasPrefix(position, "Bí thư")
	th := thNone
	if party {
		th = []official.PoliticalTheory{thNone, thSo, thSo, thSo}[r.IntN(4)]
	}
	return person{
		unit: unit, name: uniqueName(r, male, used), category: cat, position: position, party: party,
		theory: th, edu: []official.Education{edUntrained, edSo, edTrung, edTrung, edCaoDang, edDaiHoc}[r.IntN(6)],
		born:    day(1960+r.IntN(35), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		phone:   phone(r),
		started: day(2010+r.IntN(13), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
	}
}

// staffProfile describes the cán bộ and công chức of another commune.
type staffProfile struct {
	unit                 string
	canBo, congChuc      int
	contract             int // labour contracts in công chức posts
	communePT, villages  int
	party                float64 // share of party members among công chức (cán bộ all are)
	theory               []official.PoliticalTheory
	educations           []official.Education
	formerEnded          *time.Time // a cán bộ who left on that date
	partyShareOfPartTime float64
}

var canBoPosts = []string{
	"Bí thư Đảng ủy xã", "Phó Bí thư Thường trực Đảng ủy xã", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã",
	"Phó Chủ tịch HĐND xã", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "Chủ tịch Hội Liên hiệp Phụ nữ xã",
	"Chủ tịch Hội Nông dân xã", "Chủ tịch Hội Cựu chiến binh xã", "Bí thư Đoàn TNCS Hồ Chí Minh xã", "Phó Chủ tịch UBND xã",
}

var congChucPosts = []string{
	"Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
	"Công chức Tài chính - Kế toán", "Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê",
	"Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng", "Công chức Văn hóa - Xã hội",
	"Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
}

var communePTPosts = []string{
	"Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Văn phòng Đảng ủy", "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
	"Phó Chủ tịch Hội Liên hiệp Phụ nữ xã", "Phó Chủ tịch Hội Nông dân xã", "Phó Chủ tịch Hội Cựu chiến binh xã",
	"Phó Bí thư Đoàn TNCS Hồ Chí Minh xã", "Chủ tịch Hội Người cao tuổi xã", "Chủ tịch Hội Chữ thập đỏ xã",
	"Thủ quỹ - Văn thư - Lưu trữ", "Phụ trách Đài truyền thanh xã", "Nhân viên thú y xã",
}

var villageNames = []string{"Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Lập", "An Thái"}

// otherStaff draws the people of a commune other than Tái Sơn.
func otherStaff(r *rand.Rand, sp staffProfile) []person {
	used := map[string]bool{}
	var out []person
	newOfficial := func(cat official.Category, position string, party bool) person {
		male := r.IntN(3) != 0 && !strings.Contains(position, "Phụ nữ")
		th := pick(r, sp.theory)
		if !party {
			th = thNone
		}
		return person{
			unit: sp.unit, name: uniqueName(r, male, used), category: cat, position: position, party: party,
			theory: th, edu: pick(r, sp.educations),
			born:    day(1965+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
			phone:   phone(r),
			started: day(2005+r.IntN(18), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		}
	}
	for i := range sp.canBo {
		p := newOfficial(canBo, canBoPosts[i], true)
		if p.theory == thCao && i > 0 {
			p.theory = thTrung // cao cấp is for the party secretary at most
		}
		if i < 3 { // the party secretaries and the chairman hold the standards of their posts
			if p.theory != thCao {
				p.theory = thTrung
			}
			if p.edu != edThacSi {
				p.edu = edDaiHoc
			}
		}
		switch i {
		case 0:
			p.concurrent = []string{"Chủ tịch HĐND xã"}
		case 2:
			p.concurrent = []string{"Phó Bí thư Đảng ủy xã"}
		}
		out = append(out, p)
	}
	for i := range sp.congChuc {
		out = append(out, newOfficial(congChuc, congChucPosts[i], r.Float64() < sp.party))
	}
	for i := range sp.contract {
		p := newOfficial(contract, "Hợp đồng lao động ở vị trí "+strings.TrimPrefix(congChucPosts[sp.congChuc+i], "Công chức "), false)
		p.edu = edCaoDang
		p.started = day(2021, time.Month(3+i), 1)
		out = append(out, p)
	}
	if sp.formerEnded != nil {
		p := newOfficial(canBo, "Chủ tịch Hội Cựu chiến binh xã", true)
		p.born = day(1962, 5, 10)
		p.edu = edTrung
		p.ended = sp.formerEnded
		for i := range out { // the successor took over the next day
			if out[i].position == p.position {
				out[i].started = nextDay(*sp.formerEnded)
			}
		}
		out = append(out, p)
	}
	for i := range sp.communePT {
		out = append(out, partTimer(r, sp.unit, partTime, communePTPosts[i], used, sp.partyShareOfPartTime))
	}
	for _, v := range villageNames[:sp.villages] {
		for _, pos := range villagePosts {
			out = append(out, partTimer(r, sp.unit, village, pos+" thôn "+v, used, sp.partyShareOfPartTime))
		}
	}
	return out
}

var otherStaffProfiles = []staffProfile{
	{unit: "11101", canBo: 10, congChuc: 9, communePT: 12, villages: 6, party: 0.9,
		theory:     []official.PoliticalTheory{thTrung, thTrung, thTrung, thSo},
		educations: []official.Education{edDaiHoc, edDaiHoc, edDaiHoc, edDaiHoc, edThacSi, edCaoDang}, partyShareOfPartTime: 0.8},
	{unit: "11095", canBo: 8, congChuc: 7, contract: 1, communePT: 10, villages: 5, party: 0.6,
		theory:     []official.PoliticalTheory{thTrung, thSo, thSo, thNone},
		educations: []official.Education{edDaiHoc, edDaiHoc, edCaoDang, edTrung, edTrung, edUntrained}, partyShareOfPartTime: 0.6},
	{unit: "11023", canBo: 10, congChuc: 10, communePT: 12, villages: 8, party: 0.95,
		theory:     []official.PoliticalTheory{thTrung, thTrung, thTrung, thCao, thSo},
		educations: []official.Education{edDaiHoc, edDaiHoc, edDaiHoc, edThacSi}, formerEnded: ptr(day(2023, 5, 31)), partyShareOfPartTime: 0.85},
}

var (
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Phạm", "Phạm", "Trần", "Vũ", "Đỗ", "Lê", "Hoàng", "Bùi", "Đặng", "Đào", "Ngô", "Mạc", "Đinh", "Lương"}
	maleMiddle  = []string{"Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Thế", "Đình", "Công"}
	femaleMid   = []string{"Thị", "Thị", "Thị", "Thị Thu", "Thị Thanh", "Thị Hồng", "Thị Minh", "Thị Ngọc"}
	maleGiven   = []string{"Hùng", "Dũng", "Tuấn", "Hải", "Cường", "Thành", "Sơn", "Phong", "Quân", "Khánh", "Tùng", "Hưng", "Việt", "Trung", "Toản", "Kiên", "Thịnh", "Huy", "Lực", "Chiến"}
	femaleGiven = []string{"Lan", "Hoa", "Hương", "Mai", "Hằng", "Thủy", "Nga", "Huyền", "Trang", "Yến", "Loan", "Dung", "Linh", "Nhung", "Thảo", "Hiền"}
)

// uniqueName draws a Vietnamese name not yet used in the unit.
func uniqueName(r *rand.Rand, male bool, used map[string]bool) string {
	for {
		var n string
		if male {
			n = pick(r, familyNames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
		} else {
			n = pick(r, familyNames) + " " + pick(r, femaleMid) + " " + pick(r, femaleGiven)
		}
		if !used[n] {
			used[n] = true
			return n
		}
	}
}

// phone draws a Vietnamese mobile number.
func phone(r *rand.Rand) string {
	prefix := []string{"091", "098", "097", "096", "094", "088", "086", "035", "036", "037", "083"}
	return fmt.Sprintf("%s%07d", pick(r, prefix), r.IntN(10_000_000))
}
