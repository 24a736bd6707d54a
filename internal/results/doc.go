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
// (the default of the API) only APPROVED assessments are ranked: the official
// ranking the province publishes, which no unit's unfinished scoring can
// move. Without it every assessment is ranked by its current scores: a
// provisional ranking while the scoring goes on. Ranked and listed go
// together: a list with approvedOnly holds exactly the approved assessments,
// so its ranks have no gaps left by rows it does not show. The previous
// year's rank is counted the same way on the province's framework of the
// year before for the same level.
//
// Ranks are computed over all units; what a caller is shown is not: the
// scores query returns only the rows of units the caller reads, and an
// assessment's result is only reached through an assessment the caller
// reads. A commune thus learns its own place among all communes and nothing
// of the others' scores.
//
// Frameworks, criteria, assessments and scores are loaded for all the
// frameworks a request needs at once, in a constant number of statements,
// and kept for the rest of the request (WithCache).
package results
