// Package report produces the periodic reform report (báo cáo công tác cải
// cách hành chính) that a commune used to type by hand twice a year, and runs
// its workflow. The document follows the source report section by section —
// header with the national motto, I. direction, II. results in the six reform
// areas, III. assessment, IV. directions, recipients and signature — with the
// narrative taken from the unit's Report record and the figures computed by
// internal/indicator, written out in the sentences of the source. It is
// served as GraphQL (report), Markdown and Word (.docx).
//
// Workflow: the unit's commune officer submits a draft or returned report,
// which freezes a snapshot of every figure into the record; a district or
// province officer above the unit accepts it or returns it with a comment.
// A submitted or accepted report no longer changes (check.ReportWorkflow);
// its frozen figures are shown beside the live ones.
package report
