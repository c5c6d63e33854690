package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

// ReportStore implements report.Store with plain SQL.
type ReportStore struct{ db *DB }

// NewReportStore builds a ReportStore.
func NewReportStore(db *DB) *ReportStore { return &ReportStore{db: db} }

var _ report.Store = (*ReportStore)(nil)

// ledgerSQL selects a unit's ledger in one statement. $1 is the unit, $2
// and $3 the period's bounds ([$2, $3)). A dossier belongs to it when it
// was received at the unit in the period (received_at, else submitted_at:
// not yet received, or refused at reception), or when it had a hand-over
// record at the unit at some instant of the period (one started before
// the end and not finished before the start): a dossier still waiting at
// the unit is handled in every period it waits through.
//
// The per-dossier facts (the first hand-over out of reception, pauses,
// the reasons from the timeline) come from lateral subqueries on the
// per-dossier indexes, in the same statement: no query per row.
const ledgerSQL = `
WITH member AS (
    SELECT id FROM dossiers
     WHERE receiving_unit_id = $1
       AND coalesce(received_at, submitted_at) >= $2 AND coalesce(received_at, submitted_at) < $3
    UNION
    SELECT dossier_id FROM dossier_steps
     WHERE unit_id = $1 AND started_at < $3 AND (finished_at IS NULL OR finished_at >= $2)
)
SELECT d.code, d.procedure_code, d.procedure_name, d.summary, d.applicant, d.status, cu.name,
       d.submitted_at, d.received_at, d.due_at, d.apology_due_at, d.step_due_at, d.finished_at, d.returned_at,
       d.withdrawn_at, d.timeliness, d.awaiting_applicant,
       (SELECT p.started_at FROM dossier_pauses p WHERE p.dossier_id = d.id AND p.ended_at IS NULL) AS paused_since,
       tr.started_at, tr.name,
       LEAST(CASE WHEN d.receiving_unit_id = $1 THEN coalesce(d.received_at, d.submitted_at) END,
             (SELECT min(s.started_at) FROM dossier_steps s WHERE s.dossier_id = d.id AND s.unit_id = $1)) AS arrived_at,
       ev.guides, coalesce(ev.guide_note, ''), coalesce(ev.refuse_note, ''), coalesce(ev.stop_note, ''),
       coalesce(ev.withdraw_note, ''),
       pz.supplements, coalesce(pz.supplement_note, ''), pz.payments
  FROM member m
  JOIN dossiers d ON d.id = m.id
  JOIN units cu ON cu.id = d.competent_unit_id
  LEFT JOIN LATERAL (
       SELECT s.started_at, u.name FROM dossier_steps s JOIN units u ON u.id = s.unit_id
        WHERE s.dossier_id = d.id AND s.unit_id <> d.receiving_unit_id
        ORDER BY s.id LIMIT 1) tr ON true
  CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE e.action = 'guide') AS guides,
              (array_agg(e.note ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.action = 'guide'))[1] AS guide_note,
              (array_agg(e.note ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.action = 'refuse'))[1] AS refuse_note,
              (array_agg(e.note ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.action = 'stop'))[1] AS stop_note,
              (array_agg(e.note ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.action = 'withdraw'))[1] AS withdraw_note
         FROM dossier_events e
        WHERE e.dossier_id = d.id AND e.action IN ('guide', 'refuse', 'stop', 'withdraw')) ev
  CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE p.kind = 'supplement') AS supplements,
              (array_agg(p.reason ORDER BY p.id DESC) FILTER (WHERE p.kind = 'supplement'))[1] AS supplement_note,
              count(*) FILTER (WHERE p.kind = 'payment') AS payments
         FROM dossier_pauses p WHERE p.dossier_id = d.id) pz
 ORDER BY coalesce(d.received_at, d.submitted_at), d.id`

// LedgerRecords streams the records of a unit's ledger in reception order.
func (s *ReportStore) LedgerRecords(ctx context.Context, q report.Query, fn func(report.Record) error) error {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, ledgerSQL, q.UnitID, dbTime(q.Start), dbTime(q.End))
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r                                     report.Record
			applicant                             []byte
			status                                int
			received, due, apology, stepDue       sql.NullTime
			finished, returned, withdrawn, paused sql.NullTime
			transferredAt, arrived                sql.NullTime
			transferredTo                         sql.NullString
		)
		if err := rows.Scan(&r.Code, &r.ProcedureCode, &r.ProcedureName, &r.Summary, &applicant, &status, &r.CompetentUnit,
			&r.SubmittedAt, &received, &due, &apology, &stepDue, &finished, &returned, &withdrawn, &r.Timeliness,
			&r.AwaitingApplicant, &paused, &transferredAt, &transferredTo, &arrived,
			&r.Guides, &r.GuideNote, &r.RefuseNote, &r.StopNote, &r.WithdrawNote,
			&r.Supplements, &r.SupplementNote, &r.Payments); err != nil {
			return err
		}
		if err := json.Unmarshal(applicant, &r.Applicant); err != nil {
			return fmt.Errorf("decode applicant of %s: %w", r.Code, err)
		}
		r.Status = dossier.Status(status)
		r.ReceivedAt, r.DueAt, r.ApologyDueAt, r.StepDueAt = timeOf(received), timeOf(due), timeOf(apology), timeOf(stepDue)
		r.FinishedAt, r.ReturnedAt, r.WithdrawnAt, r.PausedSince = timeOf(finished), timeOf(returned), timeOf(withdrawn),
			timeOf(paused)
		r.TransferredAt, r.TransferredTo, r.ArrivedAt = timeOf(transferredAt), transferredTo.String, timeOf(arrived)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
