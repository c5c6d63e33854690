package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// ---------------------------------------------------------------------------
// Hand-over records (Mẫu 05).

// AddStep opens a hand-over record.
func (s *DossierStore) AddStep(ctx context.Context, dossierID int64, r dossier.StepRecord) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_steps (dossier_id, step, step_name, unit_id, role, mode,
		started_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		dossierID, r.Step, r.StepName, nullableID(r.UnitID), string(r.Role), string(r.Mode), dbTime(r.StartedAt), nullTime(r.DueAt))
	return err
}

// FinishStep closes the dossier's open hand-over record.
func (s *DossierStore) FinishStep(ctx context.Context, dossierID int64, r dossier.StepRecord) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossier_steps SET finished_at = $2, actor_id = $3, action = $4,
		target = $5, timeliness = $6, decided_by = $7, note = $8
		WHERE id = (SELECT max(id) FROM dossier_steps WHERE dossier_id = $1 AND finished_at IS NULL)`,
		dossierID, dbTime(r.FinishedAt), nullableID(r.ActorID), string(r.Action), r.Target, r.Timeliness, r.DecidedBy, r.Note)
	return err
}

const stepColumns = `id, step, step_name, unit_id, role, mode, started_at, due_at, finished_at, actor_id, action, target,
	timeliness, decided_by, findings, proposal, note`

func scanStep(row interface{ Scan(...any) error }) (dossier.StepRecord, error) {
	var (
		r                  dossier.StepRecord
		unit, actor        sql.NullInt64
		due, finished      sql.NullTime
		role, mode, action string
		findings           []byte
		proposal           string
	)
	err := row.Scan(&r.ID, &r.Step, &r.StepName, &unit, &role, &mode, &r.StartedAt, &due, &finished, &actor, &action,
		&r.Target, &r.Timeliness, &r.DecidedBy, &findings, &proposal, &r.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.StepRecord{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.StepRecord{}, err
	}
	r.UnitID, r.ActorID, r.DueAt, r.FinishedAt = idOf(unit), idOf(actor), timeOf(due), timeOf(finished)
	r.Role, r.Mode, r.Action, r.Proposal = workflow.Role(role), workflow.Mode(mode), workflow.Action(action), workflow.Action(proposal)
	if err := json.Unmarshal(findings, &r.Findings); err != nil {
		return dossier.StepRecord{}, fmt.Errorf("decode findings: %w", err)
	}
	return r, nil
}

// OpenStep returns the record of the step the dossier is at.
func (s *DossierStore) OpenStep(ctx context.Context, dossierID int64) (dossier.StepRecord, error) {
	return scanStep(sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT "+stepColumns+
		" FROM dossier_steps WHERE dossier_id = $1 AND finished_at IS NULL ORDER BY id DESC LIMIT 1", dossierID))
}

// SetFindings records what the system found at a step and proposes.
func (s *DossierStore) SetFindings(ctx context.Context, id int64, findings []dossier.Finding, proposal string) error {
	if findings == nil {
		findings = []dossier.Finding{}
	}
	b, err := json.Marshal(findings)
	if err != nil {
		return err
	}
	_, err = sqlConn(ctx, s.db).ExecContext(ctx, "UPDATE dossier_steps SET findings = $2, proposal = $3 WHERE id = $1",
		id, string(b), proposal)
	return err
}

// Steps lists a dossier's hand-over records in order.
func (s *DossierStore) Steps(ctx context.Context, dossierID int64) ([]dossier.StepRecord, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT "+stepColumns+
		" FROM dossier_steps WHERE dossier_id = $1 ORDER BY id", dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.StepRecord
	for rows.Next() {
		r, err := scanStep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ---------------------------------------------------------------------------
// Pauses.

// OpenPause starts a pause.
func (s *DossierStore) OpenPause(ctx context.Context, dossierID int64, p dossier.PauseRecord) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_pauses (dossier_id, kind, started_at, reason, amount,
		requested_by, due_before) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		dossierID, p.Kind, dbTime(p.StartedAt), p.Reason, p.Amount, nullableID(p.RequestedBy), nullTime(p.DueBefore))
	return err
}

// ClosePause ends the open pause.
func (s *DossierStore) ClosePause(ctx context.Context, dossierID int64, p dossier.PauseRecord) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossier_pauses SET ended_at = $2, resolved_by = $3, due_after = $4
		WHERE dossier_id = $1 AND ended_at IS NULL`, dossierID, dbTime(p.EndedAt), nullableID(p.ResolvedBy), nullTime(p.DueAfter))
	return err
}

// Pauses lists a dossier's pauses in order.
func (s *DossierStore) Pauses(ctx context.Context, dossierID int64) ([]dossier.PauseRecord, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT id, kind, started_at, ended_at, reason, amount, requested_by,
		resolved_by, due_before, due_after FROM dossier_pauses WHERE dossier_id = $1 ORDER BY id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.PauseRecord
	for rows.Next() {
		var (
			p                 dossier.PauseRecord
			ended, before, af sql.NullTime
			req, res          sql.NullInt64
		)
		if err := rows.Scan(&p.ID, &p.Kind, &p.StartedAt, &ended, &p.Reason, &p.Amount, &req, &res, &before, &af); err != nil {
			return nil, err
		}
		p.EndedAt, p.RequestedBy, p.ResolvedBy, p.DueBefore, p.DueAfter = timeOf(ended), idOf(req), idOf(res), timeOf(before), timeOf(af)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ---------------------------------------------------------------------------
// Jobs and the outbox.

// EnqueueJob adds work unless the same kind and key exist already.
func (s *DossierStore) EnqueueJob(ctx context.Context, j dossier.Job) error {
	payload := j.Payload
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO jobs (kind, key, dossier_id, run_at, payload) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (kind, key) DO NOTHING`, j.Kind, j.Key, nullableID(j.DossierID), dbTime(j.RunAt), string(payload))
	return err
}

// TakeJob leases the next due job: FOR UPDATE SKIP LOCKED picks one no
// other worker is taking, and the lease (committed at once) keeps others
// off it while it runs outside any transaction.
func (s *DossierStore) TakeJob(ctx context.Context, now time.Time, lease time.Duration) (dossier.Job, error) {
	var (
		j         dossier.Job
		dossierID sql.NullInt64
	)
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `UPDATE jobs SET locked_until = $2
		WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until < $1)
			ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, key, dossier_id, run_at, attempts, payload`, dbTime(now), dbTime(now.Add(lease))).
		Scan(&j.ID, &j.Kind, &j.Key, &dossierID, &j.RunAt, &j.Attempts, &j.Payload)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Job{}, dossier.ErrNotFound
	}
	j.DossierID = idOf(dossierID)
	return j, err
}

// FinishJob marks a job done.
func (s *DossierStore) FinishJob(ctx context.Context, id int64, at time.Time) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "UPDATE jobs SET done_at = $2, locked_until = NULL WHERE id = $1", id, dbTime(at))
	return err
}

// RetryJob records a failure and when to try again.
func (s *DossierStore) RetryJob(ctx context.Context, id int64, runAt time.Time, errText string) error {
	errText = truncate(errText, 2000)
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE jobs SET attempts = attempts + 1, run_at = $2, last_error = $3,
		locked_until = NULL WHERE id = $1`, id, dbTime(runAt), errText)
	return err
}

// PendingJobs lists the jobs of a kind not yet done of the dossiers, by the
// partial index of pending jobs by dossier.
func (s *DossierStore) PendingJobs(ctx context.Context, kind string, dossierIDs ...int64) ([]dossier.Job, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT id, kind, key, dossier_id, run_at, attempts, payload,
		COALESCE(last_error, '') FROM jobs WHERE dossier_id = ANY($1) AND kind = $2 AND done_at IS NULL
		ORDER BY run_at, id`, dossierIDs, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Job
	for rows.Next() {
		var j dossier.Job
		if err := rows.Scan(&j.ID, &j.Kind, &j.Key, &j.DossierID, &j.RunAt, &j.Attempts, &j.Payload, &j.LastError); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// AddOutbox records an event for notifications, in the caller's
// transaction.
func (s *DossierStore) AddOutbox(ctx context.Context, dossierID int64, kind string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	_, err = sqlConn(ctx, s.db).ExecContext(ctx, "INSERT INTO outbox_events (dossier_id, kind, payload) VALUES ($1, $2, $3)",
		dossierID, kind, string(b))
	return err
}

// ---------------------------------------------------------------------------
// Claims and queues.

// Claim gives the dossier to userID if it waits at unitID for role and no
// one else has it.
func (s *DossierStore) Claim(ctx context.Context, code string, userID, unitID int64, role string, at time.Time) (bool, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossiers SET claimed_by = $2, claimed_at = $5, revision = revision + 1
		WHERE code = $1 AND step <> '' AND step_unit_id = $3 AND step_role = $4 AND (claimed_by IS NULL OR claimed_by = $2)`,
		code, userID, unitID, role, dbTime(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Release frees a dossier userID holds.
func (s *DossierStore) Release(ctx context.Context, code string, userID int64) (bool, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossiers SET claimed_by = NULL, claimed_at = NULL, revision = revision + 1
		WHERE code = $1 AND claimed_by = $2`, code, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// queueColumns are dossierColumns as a queue lists them: without the
// answers, the prefilled marks, the delivery choice and the due
// explanation, read empty (decoding them for 50 rows would be most of the
// page's work in Go).
var queueColumns = strings.NewReplacer("answers,", "'{}'::jsonb,", "prefilled,", "'{}'::jsonb,", "delivery,", "'{}'::jsonb,",
	"due_explanation,", "'{}'::jsonb,").Replace(dossierColumns)

// queueDue is a dossier's due instant in a queue: its step's, else the
// overall one. The queue indexes have it as a key (migration 00012), so
// the queries must spell it exactly so.
const queueDue = "coalesce(step_due_at, due_at)"

// sqlArgs numbers the arguments of one statement.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// queueWhere holds the conditions a queue is read with.
type queueWhere struct {
	// rows selects the queue's dossiers with every filter.
	rows string
	// hours selects the unit's and role's rows of queue_due_counts with
	// the status and channel filters (not the procedure one, not among its
	// columns).
	hours string
	// counts selects the rows of queue_counts with the filters, "" with
	// the due before filter, not among its columns.
	counts string
	// byProcedure: filtered by procedure.
	byProcedure bool
}

// queueFilters builds the conditions shared by the page and the counts.
func queueFilters(q dossier.QueueQuery, args *sqlArgs) queueWhere {
	unit, role := args.add(q.UnitID), args.add(q.Role)
	rows := []string{"step <> ''", "step_unit_id = " + unit, "step_role = " + role}
	counts := []string{"unit_id = " + unit, "role = " + role}
	if q.Status != 0 {
		counts = append(counts, "status = "+args.add(int(q.Status)))
	}
	if q.Channel != 0 {
		counts = append(counts, "channel = "+args.add(int(q.Channel)))
	}
	w := queueWhere{hours: strings.Join(counts, " AND "), byProcedure: q.Procedure != ""}
	if w.byProcedure {
		counts = append(counts, "procedure_code = "+args.add(q.Procedure))
	}
	w.rows = strings.Join(append(rows, counts[2:]...), " AND ")
	if !q.DueBefore.IsZero() {
		w.rows += " AND " + queueDue + " <= " + args.add(dbTime(q.DueBefore))
	} else {
		w.counts = strings.Join(counts, " AND ")
	}
	return w
}

// queueTab is the extra condition of a tab, its arguments added to args
// (a statement must use every argument it is given).
func queueTab(t dossier.Tab, q dossier.QueueQuery, args *sqlArgs) (string, error) {
	switch t {
	case dossier.TabAll:
		return "true", nil
	case dossier.TabMine:
		return "claimed_by = " + args.add(q.UserID), nil
	case dossier.TabSoon:
		return "status NOT IN (5, 6) AND " + queueDue + " >= " + args.add(dbTime(q.Now)) + " AND " + queueDue + " <= " +
			args.add(dbTime(q.Soon)), nil
	case dossier.TabOverdue:
		return "status NOT IN (5, 6) AND " + queueDue + " < " + args.add(dbTime(q.Now)), nil
	case dossier.TabPaused:
		return "status IN (5, 6)", nil
	}
	return "", fmt.Errorf("queue: unknown tab %q", t)
}

// Queue returns a page of a queue and the count of every tab, in one
// snapshot, without reading the whole queue (ADR 8):
//
//   - "all" and "paused" are sums over queue_counts;
//   - the dossiers due before an instant (for "overdue", "soon" and the
//     due within filter) are the sum of queue_due_counts over the hours
//     before the instant's plus the index entries of its hour due before
//     it;
//   - with the procedure filter (not among the columns of
//     queue_due_counts), "soon" and "overdue" are counted in one pass over
//     the procedure's range of dossiers_queue_procedure_idx due before
//     "soon"; with the due within filter too, that pass covers its range
//     and counts "all" and "paused" as well;
//   - "mine" counts the user's entries in dossiers_claims_idx;
//   - the page's ids come from walking the tab's range of the index in
//     order (an index-only scan), then its rows are fetched by id.
func (s *DossierStore) Queue(ctx context.Context, q dossier.QueueQuery) (dossier.QueuePage, error) {
	db := sqlConn(ctx, s.db)
	var args sqlArgs
	w := queueFilters(q, &args)
	// A tab's condition adds its arguments: take only those used.
	cond := func(t dossier.Tab) string {
		c, _ := queueTab(t, q, &args) // the tabs of dossier.Tabs are known
		return c
	}
	count := func(c string) string { return "(SELECT count(*) FROM dossiers WHERE " + w.rows + " AND " + c + ")" }
	sum := func(table, c string) string {
		return "(SELECT coalesce(sum(n), 0)::bigint FROM " + table + " WHERE " + c + ")"
	}
	// The dossiers with a status condition due in the hours [lo, hi) ("":
	// no lower bound), and in the index between lo and hi.
	hours := func(status, lo, hi string) string {
		c := w.hours + " AND " + status + " AND due_hour < " + hi
		if lo != "" {
			c += " AND due_hour >= " + lo
		}
		return sum("queue_due_counts", c)
	}
	between := func(status, lo, op, hi string) string {
		return count(status + " AND " + queueDue + " >= " + lo + " AND " + queueDue + op + hi)
	}
	at := func(t time.Time) (hour, instant string) {
		return args.add(dbTime(t.Truncate(time.Hour))), args.add(dbTime(t))
	}
	var all, soon, overdue, paused, from string
	switch {
	case !w.byProcedure:
		// Overdue is due before now: the hours before now's, and now's
		// hour up to now. Soon is due from now to the end (soon, or the due
		// before filter if earlier): the hours from now's to the end's, and
		// the end's hour up to the end, less now's hour up to now.
		const active = "status NOT IN (5, 6)"
		end := q.Soon
		if !q.DueBefore.IsZero() && q.DueBefore.Before(end) {
			end = q.DueBefore
		}
		if end.Before(q.Now) {
			he, e := at(end)
			overdue, soon = hours(active, "", he)+" + "+between(active, he, " <= ", e), "0"
		} else {
			hn, n := at(q.Now)
			he, e := at(end)
			from = " FROM (SELECT " + hours(active, "", hn) + " AS past, " + between(active, hn, " < ", n) + " AS now_, " +
				hours(active, hn, he) + " AS next, " + between(active, he, " <= ", e) + " AS end_ OFFSET 0) d" // OFFSET 0: once
			overdue, soon = "d.past + d.now_", "d.next + d.end_ - d.now_"
		}
		if !q.DueBefore.IsZero() {
			const p = "status IN (5, 6)"
			hx, x := at(q.DueBefore)
			paused = hours(p, "", hx) + " + " + between(p, hx, " <= ", x)
			all = hours("true", "", hx) + " + " + between("true", hx, " <= ", x)
		}
	case w.counts != "":
		// One pass over the range due before "soon".
		soon, overdue = "t.soon", "t.overdue"
		from = " FROM (SELECT count(*) FILTER (WHERE " + cond(dossier.TabSoon) + ") AS soon, count(*) FILTER (WHERE " +
			cond(dossier.TabOverdue) + ") AS overdue FROM dossiers WHERE " + w.rows + " AND " + queueDue + " <= " +
			args.add(dbTime(q.Soon)) + ") t"
	default:
		// One pass over the range of the due within filter (in rows).
		all, soon, overdue, paused = "t.all_", "t.soon", "t.overdue", "t.paused"
		from = " FROM (SELECT count(*) AS all_, count(*) FILTER (WHERE " + cond(dossier.TabSoon) + ") AS soon, " +
			"count(*) FILTER (WHERE " + cond(dossier.TabOverdue) + ") AS overdue, count(*) FILTER (WHERE " +
			cond(dossier.TabPaused) + ") AS paused FROM dossiers WHERE " + w.rows + ") t"
	}
	if w.counts != "" {
		all = sum("queue_counts", w.counts)
		paused = sum("queue_counts", w.counts+" AND "+cond(dossier.TabPaused))
	}
	// In the order of dossier.Tabs.
	query := "SELECT " + strings.Join([]string{all, count(cond(dossier.TabMine)), soon, overdue, paused}, ", ") + from
	counts := make([]int, len(dossier.Tabs))
	ptrs := make([]any, len(counts))
	for i := range counts {
		ptrs[i] = &counts[i]
	}
	if err := db.QueryRowContext(ctx, query, args...).Scan(ptrs...); err != nil {
		return dossier.QueuePage{}, fmt.Errorf("queue counts: %w", err)
	}
	out := dossier.QueuePage{Counts: map[dossier.Tab]int{}}
	for i, t := range dossier.Tabs {
		out.Counts[t] = counts[i]
	}
	out.Total = out.Counts[q.Tab]

	args = nil
	w = queueFilters(q, &args)
	tab, err := queueTab(q.Tab, q, &args)
	if err != nil {
		return dossier.QueuePage{}, err
	}
	limit, offset := args.add(q.PerPage), args.add((q.Page-1)*q.PerPage)
	order := " ORDER BY " + queueDue + ", id"
	rows, err := db.QueryContext(ctx, "SELECT "+queueColumns+" FROM dossiers WHERE id = ANY (ARRAY(SELECT id FROM dossiers WHERE "+
		w.rows+" AND "+tab+order+" LIMIT "+limit+" OFFSET "+offset+"))"+order, args...)
	if err != nil {
		return dossier.QueuePage{}, fmt.Errorf("queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return dossier.QueuePage{}, err
		}
		out.Items = append(out.Items, d)
	}
	return out, rows.Err()
}

// ---------------------------------------------------------------------------
// Apologies (Mẫu 04).

// AddApology records a proposed apology.
func (s *DossierStore) AddApology(ctx context.Context, a dossier.Apology) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_apologies (dossier_id, reason, new_due_at, proposed_by,
		proposed_at) VALUES ($1, $2, $3, $4, $5)`, a.DossierID, a.Reason, dbTime(a.NewDueAt), a.ProposedBy, dbTime(a.ProposedAt))
	return err
}

// Apologies lists a dossier's apologies in order.
func (s *DossierStore) Apologies(ctx context.Context, dossierID int64) ([]dossier.Apology, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT id, dossier_id, reason, new_due_at, proposed_by, proposed_at,
		approved_by, approved_at FROM dossier_apologies WHERE dossier_id = $1 ORDER BY id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Apology
	for rows.Next() {
		var (
			a  dossier.Apology
			by sql.NullInt64
			at sql.NullTime
		)
		if err := rows.Scan(&a.ID, &a.DossierID, &a.Reason, &a.NewDueAt, &a.ProposedBy, &a.ProposedAt, &by, &at); err != nil {
			return nil, err
		}
		a.ApprovedBy, a.ApprovedAt = idOf(by), timeOf(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ApproveApology records the leader's approval.
func (s *DossierStore) ApproveApology(ctx context.Context, id, by int64, at time.Time) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "UPDATE dossier_apologies SET approved_by = $2, approved_at = $3 WHERE id = $1",
		id, by, dbTime(at))
	return err
}
