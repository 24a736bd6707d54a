// Package results turns stored assessments into reform-index results
// (kết quả Chỉ số CCHC): it maps a framework's criteria and an assessment's
// criterion scores onto package scoring, and answers what each assessment
// comes to (per criterion, per area, overall and rescaled to 100), its band,
// its rank among the units of its level in the province and its change from
// the previous year.
//
// A criterion's effective score is the province's final score once set, else
// the appraised score, else the unit's own; a criterion that does not apply
// leaves the maximum, and one not scored at any step counts 0 and is listed
// as missing.
//
// Which assessments a ranking counts: every assessment of the framework, read
// past the privacy rules, whose unit is of the framework's level (the
// framework belongs to one province and one level, so these are the units of
// that level in the province that have an assessment). With approvedOnly
// (the default of the API) only APPROVED assessments are ranked: the
// official ranking the province publishes, which no unit's unfinished
// scoring can move. Without it the assessments of the units the caller reads
// are ranked by their current scores, among the other units' APPROVED
// results only (a unit the caller does not read and that has no approved
// result is left out of the ranking): a provisional ranking while the
// scoring goes on, which never depends on a total the caller may not know.
// Were the others' unapproved totals ranked, a commune could move its own
// draft score and watch its rank flip until it had found another commune's
// total. Ranked and listed go together: a list with approvedOnly holds
// exactly the approved assessments, so its ranks have no gaps left by rows
// it does not show. The previous year's rank is counted the same way on the
// province's framework of the year before for the same level.
//
// Ranks count units the caller does not read; what a caller is shown does
// not: the scores query returns only the rows of units the caller reads, and
// an assessment's result is only reached through an assessment the caller
// reads. A commune thus learns its own place among the communes' approved
// results and nothing of the others' scores. The rankings therefore depend
// on the caller: a request's boards (WithCache) serve one caller.
//
// Frameworks, criteria, assessments and scores are loaded for all the
// frameworks a request needs at once, in a constant number of statements,
// and kept for the rest of the request (WithCache).
package results
