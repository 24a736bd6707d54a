package aggregate

import (
	"fmt"
	"io"
	"strings"
)

// WriteSchema writes graph/aggregate.graphql: the query fields and types of
// every Spec, so that the GraphQL schema and the SQL come from one table.
func WriteSchema(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Written by internal/aggregate/schemagen from internal/aggregate (go generate); do not edit.\n\n")
	b.WriteString(sharedTypes)
	for _, s := range Specs {
		s.writeSchema(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

const goModel = `@goModel(model: "cchc/internal/aggregate.%s")`

func describe(b *strings.Builder, indent, text string) {
	fmt.Fprintf(b, "%s\"\"\"\n%s%s\n%s\"\"\"\n", indent, indent, text, indent)
}

func (s *Spec) writeSchema(b *strings.Builder) {
	t := s.Type
	b.WriteString("extend type Query {\n")
	describe(b, "  ", s.Description+": the records where selects, counted and measured in groups (one SQL statement per page of groups), under the same access rules as the list")
	fmt.Fprintf(b, "  %s(\n", s.QueryField)
	describe(b, "    ", "Lọc / the same filter as the list of "+t+" records")
	fmt.Fprintf(b, "    where: %sWhereInput\n", t)
	describe(b, "    ", fmt.Sprintf("Nhóm theo / fields to group by (at most %d); without it, one group of all the records", MaxGroupFields))
	fmt.Fprintf(b, "    groupBy: [%sGroupBy!]\n", t)
	describe(b, "    ", "Sắp xếp / order of the groups by measures or group fields; ties and the default follow the group keys, ascending, empty keys last")
	fmt.Fprintf(b, "    orderBy: [%sGroupOrder!]\n", t)
	describe(b, "    ", "Sau con trỏ / the groups after this cursor")
	b.WriteString("    after: Cursor\n")
	describe(b, "    ", "Số nhóm / the number of groups to return")
	b.WriteString("    first: Int\n")
	fmt.Fprintf(b, "  ): %sGroupConnection!\n}\n\n", t)

	describe(b, "", "Trường nhóm / a field "+t+" records are grouped by")
	fmt.Fprintf(b, "enum %sGroupField "+goModel+" {\n", t, "Field")
	for _, d := range s.Dims {
		describe(b, "  ", d.Description)
		fmt.Fprintf(b, "  %s\n", d.Field)
	}
	b.WriteString("}\n\n")

	describe(b, "", "Nhóm theo / one grouping of "+t+" records")
	fmt.Fprintf(b, "input %sGroupBy "+goModel+" {\n", t, "GroupBy")
	describe(b, "  ", "Trường / the field")
	fmt.Fprintf(b, "  field: %sGroupField!\n", t)
	describe(b, "  ", "Kỳ / for a date field, the period its local date is grouped by: MONTH (default), QUARTER, HALF_YEAR or YEAR")
	b.WriteString("  bucket: PeriodKind\n}\n\n")

	describe(b, "", "Sắp xếp nhóm theo / what groups of "+t+" records are ordered by: a measure or a group field")
	fmt.Fprintf(b, "enum %sGroupOrderField "+goModel+" {\n", t, "OrderField")
	for _, m := range s.Measures {
		if m.Kind == Count {
			describe(b, "  ", m.Description)
			fmt.Fprintf(b, "  %s\n", m.Order)
			continue
		}
		for _, f := range statFuncs {
			describe(b, "  ", statNames[f]+" "+m.Description)
			fmt.Fprintf(b, "  %s_%s\n", m.Order, f)
		}
	}
	for _, d := range s.Dims {
		describe(b, "  ", d.Description+" (when grouped by it)")
		fmt.Fprintf(b, "  %s\n", d.Field)
	}
	b.WriteString("}\n\n")

	describe(b, "", "Thứ tự nhóm / an order of groups of "+t+" records")
	fmt.Fprintf(b, "input %sGroupOrder "+goModel+" {\n", t, "Order")
	describe(b, "  ", "Theo / what to order by")
	fmt.Fprintf(b, "  field: %sGroupOrderField!\n", t)
	describe(b, "  ", "Chiều / direction")
	b.WriteString("  direction: OrderDirection! = ASC\n}\n\n")

	describe(b, "", "Các nhóm / a page of groups of "+t+" records")
	fmt.Fprintf(b, "type %sGroupConnection "+goModel+" {\n", t, "Connection")
	describe(b, "  ", "Số nhóm / the number of groups")
	b.WriteString("  totalCount: Int!\n")
	describe(b, "  ", "Các nhóm của trang / the groups of this page")
	fmt.Fprintf(b, "  edges: [%sGroupEdge!]!\n", t)
	describe(b, "  ", "Phân trang / paging")
	b.WriteString("  pageInfo: PageInfo!\n}\n\n")

	describe(b, "", "Nhóm và con trỏ / a group of "+t+" records and its cursor")
	fmt.Fprintf(b, "type %sGroupEdge "+goModel+" {\n", t, "Edge")
	describe(b, "  ", "Nhóm / the group")
	fmt.Fprintf(b, "  node: %sGroup!\n", t)
	describe(b, "  ", "Con trỏ / cursor for after:")
	b.WriteString("  cursor: Cursor!\n}\n\n")

	describe(b, "", "Nhóm / a group of "+t+" records: its key and its measures")
	fmt.Fprintf(b, "type %sGroup "+goModel+" {\n", t, "Group")
	describe(b, "  ", "Khóa nhóm / the values the group shares; fields not grouped by are null")
	fmt.Fprintf(b, "  key: %sGroupKey!\n", t)
	for _, m := range s.Measures {
		describe(b, "  ", m.Description)
		fmt.Fprintf(b, "  %s: %s\n", m.Key, map[MeasureKind]string{Count: "Int!", Number: "NumberStats!", Money: "MoneyStats!"}[m.Kind])
	}
	b.WriteString("}\n\n")

	describe(b, "", "Khóa nhóm / the values a group of "+t+" records shares; null for fields not grouped by and for records without a value")
	fmt.Fprintf(b, "type %sGroupKey "+goModel+" {\n", t, "Key")
	for _, d := range s.Dims {
		describe(b, "  ", d.Description)
		if d.GoField != "" {
			fmt.Fprintf(b, "  %s: %s @goField(name: %q)\n", d.Key, d.GraphQLType, d.GoField)
		} else {
			fmt.Fprintf(b, "  %s: %s\n", d.Key, d.GraphQLType)
		}
	}
	b.WriteString("}\n\n")
}

var statNames = map[string]string{"SUM": "Tổng / sum of", "AVG": "Trung bình / average of", "MIN": "Nhỏ nhất / minimum of", "MAX": "Lớn nhất / maximum of"}

const sharedTypes = `"""
Thống kê / sum, average, minimum and maximum of a number over the records of a group that have it; null when none has
"""
type NumberStats @goModel(model: "cchc/internal/aggregate.Stats") {
  """
  Tổng / sum
  """
  sum: Float
  """
  Trung bình / average
  """
  avg: Float
  """
  Nhỏ nhất / minimum
  """
  min: Float
  """
  Lớn nhất / maximum
  """
  max: Float
}

"""
Thống kê tiền (đồng) / sum, average, minimum and maximum of amounts of đồng over the records of a group that have one; sums are exact
"""
type MoneyStats @goModel(model: "cchc/internal/aggregate.MoneyStats") {
  """
  Tổng (đồng) / sum
  """
  sum: Int64
  """
  Trung bình (đồng) / average
  """
  avg: Float
  """
  Nhỏ nhất (đồng) / minimum
  """
  min: Int64
  """
  Lớn nhất (đồng) / maximum
  """
  max: Int64
}

`
