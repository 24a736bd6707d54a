// Package scoring computes the reform index (Chỉ số cải cách hành chính,
// Chỉ số CCHC) of DOMAIN.md, "Scoring", once the scores are known: it
// validates a framework of criteria worth 100 points, scores the criteria
// that follow from the records (indicators) with a formula the unit can check
// by hand, totals the scores per area and overall (criteria that do not apply
// leave the maximum and the total is rescaled to 100), ranks the units of one
// level, bands them (xếp loại) and compares them with the previous year.
//
// It is pure: it works on its own types, reads no database and keeps no
// state. The persistence layer maps frameworks, criteria and scores onto
// these types, and the workflow (self-assessment, appraisal, approval)
// decides who may set which score; this package only says what the numbers
// come to and what is wrong with them.
package scoring
