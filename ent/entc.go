//go:build ignore

// entc.go generates the ent client and the GraphQL schema of the records
// (graph/ent.graphql). It is run by `go generate ./...` from the repository root.
package main

import (
	"log"
	"slices"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"cchc/internal/enum"
	"cchc/internal/scoring"
	"cchc/internal/search"
	"cchc/internal/viewer"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(describeTypes),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "cchc/ent",
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureIntercept,
			gen.FeatureVersionedMigration,
			gen.FeatureGlobalID,
			gen.FeatureExecQuery,
			gen.FeatureModifier,
		},
	}, entc.Extensions(ex), entc.TemplateDir("./ent/template"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// describeTypes copies each record's schema.Comment into the description of
// its GraphQL object, and gives the generated inputs, enums and predicates a
// description, so that every type and field of the public schema is documented.
func describeTypes(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		if c, ok := n.Annotations["Comment"].(map[string]any); ok {
			def.Description, _ = c["Text"].(string)
		}
		edgeDesc := map[string]string{}
		for _, e := range n.Edges {
			edgeDesc[lowerCamel(e.Name)] = e.Comment()
		}
		fieldDesc := map[string]string{}
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = edgeDesc[f.Name]
			}
			if f.Name == "id" {
				f.Description = "Mã định danh toàn cục / globally unique ID, usable with node(id:)"
			}
			fieldDesc[f.Name] = f.Description
		}
		describeWhereInput(s.Types[n.Name+"WhereInput"], n.Name)
		describeConnection(s, n.Name)
		for _, name := range []string{"Create" + n.Name + "Input", "Update" + n.Name + "Input"} {
			in := s.Types[name]
			if in == nil {
				continue
			}
			if strings.HasPrefix(name, "Create") {
				in.Description = "Tạo / creates a " + n.Name + ": each field as the field of " + n.Name + " of the same name, described there."
			} else {
				in.Description = "Sửa / changes a " + n.Name + ": each field as the field of " + n.Name + " of the same name, described there; a field left out keeps its value."
			}
			for _, f := range in.Fields {
				if _, ok := fieldDesc[f.Name]; ok {
					f.Description = "" // the record's field says it, once
					continue
				}
				if f.Description == "" || strings.HasSuffix(f.Description, " predicates") {
					f.Description = predicateDescription(f.Name, fieldDesc)
				}
			}
		}
	}
	describeArguments(s)
	describeEnumValues(g, s)
	if q := s.Types["Query"]; q != nil {
		q.Description = "Đọc dữ liệu / reads. Every list holds only the records of the caller's scope: its unit and the units under it. " + filterLegend()
		for _, f := range q.Fields {
			if name := strings.TrimSuffix(f.Type.Name(), "Connection"); s.Types[name] != nil && f.Description == "" {
				f.Description = "Danh sách / list of " + name + ", paginated and filtered"
			}
		}
		addSearch(g, q)
	}
	for _, def := range s.Types {
		if def.Kind != ast.InputObject || strings.HasSuffix(def.Name, "WhereInput") || recordInput(s, def.Name) {
			continue
		}
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = predicateDescription(f.Name, nil)
			}
		}
	}
	return nil
}

// recordInput reports whether name is the create or update input of a record
// type, whose fields the record's own describe.
func recordInput(s *ast.Schema, name string) bool {
	for _, verb := range []string{"Create", "Update"} {
		if rest, ok := strings.CutPrefix(name, verb); ok && strings.HasSuffix(rest, "Input") && s.Types[strings.TrimSuffix(rest, "Input")] != nil {
			return true
		}
	}
	return false
}

// addSearch gives the list of every searchable record (one with the hidden
// column of mixin.Searchable) a search argument, applied by its resolver
// through internal/search.
func addSearch(g *gen.Graph, q *ast.Definition) {
	for _, n := range g.Nodes {
		i := slices.IndexFunc(n.Fields, func(f *gen.Field) bool { return f.Name == search.Column })
		if i < 0 {
			continue
		}
		var searched []string // the sources, by GraphQL name
		if a, ok := n.Fields[i].Annotations[search.Sources{}.Name()].(map[string]any); ok {
			fields, _ := a["Fields"].([]any)
			for _, f := range fields {
				searched = append(searched, lowerCamel(f.(string)))
			}
		}
		for _, f := range q.Fields {
			if f.Type.Name() == n.Name+"Connection" {
				f.Arguments = append(f.Arguments, &ast.ArgumentDefinition{
					Name: "search",
					Type: ast.NamedType("String", nil),
					Description: "Tìm kiếm không dấu / accent-insensitive search: every word must occur in its " + alternatives(searched) +
						", whatever the accents and case (\"nguyen the tho\" finds \"Nguyễn Thế Thọ\"); blank means no search. Combines with where, orderBy and pagination.",
				})
			}
		}
	}
}

// alternatives joins names as "a, b or c".
func alternatives(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// describeWhereInput describes the where input of the record typ once, on the
// input itself. Its fields repeat nothing: a filter x (equality) and its
// operators xNEQ, xIn, … test the field x of the record, described there, and
// the operators and edge predicates are explained once, in the description of
// Query (filterLegend).
func describeWhereInput(in *ast.Definition, typ string) {
	if in == nil {
		return
	}
	for _, f := range in.Fields {
		f.Description = ""
	}
	in.Description = "Điều kiện lọc / filter on " + typ + ": x tests the field x of " + typ +
		" (described there), xNEQ, xIn, hasE, hasEWith, … as Query's description says; all filters given must hold."
}

// filterLegend explains, once for every where input, the operators and edge
// predicates entgql generates.
func filterLegend() string {
	legend := []string{
		"x bằng / equal", "not phủ định / negates the condition", "and thỏa mọi điều kiện / all hold",
		"or thỏa ít nhất một / at least one holds",
	}
	for _, s := range suffixes {
		legend = append(legend, "x"+s.suffix+" "+s.meaning)
	}
	legend = append(legend, "hasE có bản ghi liên kết / has a related E", "hasEWith có bản ghi liên kết thỏa điều kiện / has a related E matching the conditions")
	return "Bộ lọc / filters (where): " + strings.Join(legend, "; ") + "."
}

// describeConnection describes the connection, edge and order types of the
// record typ in a few words, the same for every record.
func describeConnection(s *ast.Schema, typ string) {
	describe := func(name, desc string, fields map[string]string) {
		def := s.Types[name]
		if def == nil {
			return
		}
		def.Description = desc
		for _, f := range def.Fields {
			if d, ok := fields[f.Name]; ok {
				f.Description = d
			}
		}
	}
	describe(typ+"Connection", "Một trang / a page of "+typ, map[string]string{
		"edges": "Các phần tử / the items", "pageInfo": "Phân trang / pagination", "totalCount": "Tổng số bản ghi thỏa điều kiện / count of all matching records",
	})
	describe(typ+"Edge", "Phần tử / an item of a page of "+typ, map[string]string{
		"node": "Bản ghi / the record", "cursor": "Con trỏ / cursor, for after or before",
	})
	describe(typ+"Order", "Thứ tự / order of "+typ+" lists", map[string]string{
		"direction": "Chiều / direction", "field": "Trường / field to order by",
	})
}

// describeArguments gives the arguments entgql writes on every list the same
// few words.
func describeArguments(s *ast.Schema) {
	args := map[string]string{
		"after": "Sau con trỏ / after the cursor", "before": "Trước con trỏ / before the cursor",
		"first": "n phần tử đầu / the first n", "last": "n phần tử cuối / the last n",
		"orderBy": "Thứ tự / order", "where": "Điều kiện lọc / filter",
	}
	for _, def := range s.Types {
		for _, f := range def.Fields {
			if !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			for _, a := range f.Arguments {
				if d, ok := args[a.Name]; ok {
					a.Description = d
				}
			}
		}
	}
}

// suffixes of entgql's generated predicate and input fields, with what they mean.
var suffixes = []struct{ suffix, meaning string }{
	{"NEQ", "khác / not equal"}, {"NotIn", "không thuộc danh sách / not in the list"}, {"In", "thuộc danh sách / in the list"},
	{"GTE", "lớn hơn hoặc bằng / greater than or equal"}, {"GT", "lớn hơn / greater than"},
	{"LTE", "nhỏ hơn hoặc bằng / less than or equal"}, {"LT", "nhỏ hơn / less than"},
	{"ContainsFold", "chứa, không phân biệt hoa thường / contains, case-insensitive"}, {"Contains", "chứa / contains"},
	{"HasPrefix", "bắt đầu bằng / starts with"}, {"HasSuffix", "kết thúc bằng / ends with"},
	{"EqualFold", "bằng, không phân biệt hoa thường / equal, case-insensitive"},
	{"IsNil", "chưa có giá trị / is null"}, {"NotNil", "đã có giá trị / is not null"},
}

func predicateDescription(name string, fields map[string]string) string {
	switch {
	case name == "not":
		return "Phủ định / negates the condition"
	case name == "and":
		return "Thỏa mọi điều kiện / all of the conditions hold"
	case name == "or":
		return "Thỏa ít nhất một điều kiện / at least one of the conditions holds"
	case strings.HasPrefix(name, "has") && strings.HasSuffix(name, "With"):
		return "Có bản ghi liên kết thỏa điều kiện / has a related " + strings.TrimSuffix(strings.TrimPrefix(name, "has"), "With") + " matching the conditions"
	case strings.HasPrefix(name, "has"):
		return "Có bản ghi liên kết / has at least one related " + strings.TrimPrefix(name, "has")
	case strings.HasPrefix(name, "clear"):
		return "Xóa giá trị / set to null: " + strings.TrimPrefix(name, "clear")
	case strings.HasPrefix(name, "add") && strings.HasSuffix(name, "IDs"):
		return "Thêm liên kết / IDs to link: " + strings.TrimSuffix(strings.TrimPrefix(name, "add"), "IDs")
	case strings.HasPrefix(name, "remove") && strings.HasSuffix(name, "IDs"):
		return "Bỏ liên kết / IDs to unlink: " + strings.TrimSuffix(strings.TrimPrefix(name, "remove"), "IDs")
	case strings.HasPrefix(name, "append"):
		return "Nối thêm vào danh sách / values to append to " + strings.TrimPrefix(name, "append")
	case strings.HasSuffix(name, "IDs"):
		return "Liên kết tới / IDs of the related " + strings.TrimSuffix(name, "IDs")
	case strings.HasSuffix(name, "ID"):
		return "Liên kết tới / ID of the related " + strings.TrimSuffix(name, "ID")
	}
	for _, s := range suffixes {
		if base := strings.TrimSuffix(name, s.suffix); base != name && base != "" {
			return strings.TrimSpace(fields[base] + " — " + s.meaning)
		}
	}
	if d := fields[name]; d != "" {
		return d
	}
	return "Bằng / equal to: " + name
}

// describeScoringEnums describes the enums of reform-index scoring from package scoring.
func describeScoringEnums(s *ast.Schema) {
	for name, d := range map[string]string{
		"ScoringArea":      "Lĩnh vực chấm điểm / scoring area: the reform areas and the impact on citizens",
		"ScoringMethod":    "Phương thức chấm điểm / how a criterion is scored",
		"ScoringRuleKind":  "Cách quy đổi điểm / how an indicator's value becomes points",
		"ScoringIndicator": "Chỉ số dùng để chấm điểm / an indicator INDICATOR criteria are scored from",
	} {
		if def := s.Types[name]; def != nil {
			def.Description = d
		}
	}
	for a, d := range scoring.AreaDescriptions {
		setValue(s, "ScoringArea", string(a), d)
	}
	for m, d := range scoring.MethodDescriptions {
		setValue(s, "ScoringMethod", string(m), d)
	}
	for k, d := range scoring.RuleKindDescriptions {
		setValue(s, "ScoringRuleKind", string(k), d)
	}
	for _, info := range scoring.IndicatorCatalog {
		setValue(s, "ScoringIndicator", string(info.Indicator), info.Name+": "+info.Description)
	}
}

// describeEnumValues describes each value of the enums: record enums from
// their field's comment, which names each value in parentheses after its
// Vietnamese term ("trực tuyến (ONLINE), trực tiếp (DIRECT)"); order fields
// from the field they sort by; shared enums from package enum.
func describeEnumValues(g *gen.Graph, s *ast.Schema) {
	if def := s.Types["Area"]; def != nil {
		def.Description = "Lĩnh vực cải cách hành chính / reform area, shared by plans, tasks and scoring criteria"
	}
	if def := s.Types["PeriodKind"]; def != nil {
		def.Description = "Loại kỳ báo cáo / kind of reporting period"
	}
	if def := s.Types["Map"]; def != nil {
		def.Description = "Bảng giá trị / a JSON object of values by field name"
	}
	if def := s.Types["Role"]; def != nil {
		def.Description = "Vai trò / role of an account, carried in its tokens"
	}
	for r, d := range viewer.RoleDescriptions {
		setValue(s, "Role", string(r), d)
	}
	for a, d := range enum.AreaDescriptions {
		setValue(s, "Area", string(a), d)
	}
	for k, d := range enum.PeriodKindDescriptions {
		setValue(s, "PeriodKind", string(k), d)
	}
	describeScoringEnums(s)
	for _, n := range g.Nodes {
		order := s.Types[n.Name+"OrderField"]
		for _, f := range n.Fields {
			if order != nil {
				for _, v := range order.EnumValues {
					if strings.EqualFold(strings.ReplaceAll(v.Name, "_", ""), strings.ReplaceAll(f.Name, "_", "")) {
						v.Description = "Sắp xếp theo / order by " + lowerCamel(f.Name)
					}
				}
			}
			if !f.IsEnum() {
				continue
			}
			def := s.Types[n.Name+f.StructField()]
			if def == nil || def.Kind != ast.Enum {
				continue
			}
			def.Description = f.Comment()
			for _, v := range def.EnumValues {
				v.Description = valueTerm(f.Comment(), v.Name)
			}
		}
		if order != nil {
			for _, v := range order.EnumValues {
				if v.Description == "" {
					v.Description = "Sắp xếp theo / order by: " + strings.ToLower(strings.ReplaceAll(v.Name, "_", " "))
				}
			}
		}
	}
}

func setValue(s *ast.Schema, typ, value, desc string) {
	if def := s.Types[typ]; def != nil {
		if v := def.EnumValues.ForName(value); v != nil {
			v.Description = desc
		}
	}
}

// valueTerm finds "term (VALUE)" in a comment and returns "term".
func valueTerm(comment, value string) string {
	i := strings.Index(comment, "("+value+")")
	if i < 0 {
		return value
	}
	term := comment[:i]
	if j := strings.LastIndexAny(term, ",:"); j >= 0 {
		term = term[j+1:]
	}
	if j := strings.LastIndex(term, " hay "); j >= 0 {
		term = term[j+len(" hay "):]
	}
	return strings.TrimSpace(term)
}

func lowerCamel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}
