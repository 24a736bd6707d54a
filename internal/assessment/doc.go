// Package assessment runs the workflow of the reform index (Chỉ số CCHC,
// issue 6): a unit's assessment against its province's published framework
// moves DRAFT → SELF_ASSESSED → APPRAISED → APPROVED, and back to RETURNED
// for rework.
//
//   - The unit's own officers start it, score its MANUAL criteria, attach
//     evidence (links or files) and submit it; its INDICATOR criteria are
//     computed from the unit's indicators of the framework's year, at the
//     start and again at the submission, with the formula shown.
//   - The officers of the unit above (the district for a commune, the
//     province for a district) appraise it: they may change each score with
//     a reason, then complete the appraisal or return it.
//   - The province officers of the framework's province may set a final
//     score with a reason, then approve it, after which it is frozen, or
//     return it.
//
// Every role reads assessments within its scope (rule.Access), but none
// writes them through the generic mutations: each move here checks that the
// caller is of the step's level, then writes past the privacy rules, as the
// report workflow does; the audit trail still records the caller. The
// numbers themselves come from package scoring.
package assessment
