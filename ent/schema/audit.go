package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"cchc/ent/schema/mixin"
	"cchc/internal/viewer"
)

// AuditEntry is one successful change of a record (nhật ký thay đổi), written
// by internal/audit in the transaction of the change. No client writes it.
type AuditEntry struct{ ent.Schema }

// Annotations of AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return listed("Nhật ký thay đổi / audit trail: one entry per successful change of a record — who, when, which record, and the changed fields before and after. Written by the server in the same transaction as the change; nobody can change or delete it", "auditEntries")
}

// Mixin of AuditEntry: the access policy, without auditing the audit trail itself.
func (AuditEntry) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Unaudited{}} }

// Fields of AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Immutable().
			Comment("Thời điểm / when the change was made").
			Annotations(entgql.OrderField("AT")),
		field.String("subject").Immutable().NotEmpty().MaxLen(255).
			Comment("Tài khoản / subject of the account that made the change"),
		field.Enum("role").GoType(viewer.Role("")).Immutable().
			Comment("Vai trò / role the account acted in").
			Annotations(entgql.Type("Role")),
		field.Enum("operation").Values("CREATE", "UPDATE", "ARCHIVE").Immutable().
			Comment("Thao tác / operation: tạo (CREATE), sửa (UPDATE), lưu trữ (ARCHIVE)"),
		field.String("record_type").Immutable().NotEmpty().MaxLen(64).
			Comment("Loại bản ghi / GraphQL type of the changed record, e.g. Dossier"),
		field.Int("record_id").Immutable().
			Comment("Bản ghi / global ID of the changed record, usable with node(id:) while the caller may read it").
			Annotations(entgql.Type("ID")),
		field.Int("unit_id").Immutable().
			Comment("Đơn vị / ID of the unit that owns the changed record (for a unit, the unit itself; for the national procedure catalogue, the unit of the account)"),
		field.JSON("before", map[string]any{}).Optional().Immutable().
			Comment("Giá trị trước / stored values of the changed fields before the change, by GraphQL field name; empty for a creation. Personal data of officials is null for callers who may not read it"),
		field.JSON("after", map[string]any{}).Optional().Immutable().
			Comment("Giá trị sau / new values of the changed fields, by GraphQL field name; links to many records appear as the input that changed them (addCollaboratorIDs …). Personal data of officials is null for callers who may not read it"),
	}
}

// Edges of AuditEntry.
func (AuditEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("unit", Unit.Type).Ref("audit_entries").Unique().Required().Immutable().Field("unit_id").
			Comment("Đơn vị / the unit that owns the changed record"),
	}
}

// Indexes of AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("unit_id", "at"),
		index.Fields("record_type", "record_id"),
	}
}
