package pgstore_test

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/workflow"
)

// queueRow is what a queue looks at in a dossier.
type queueRow struct {
	id, unit, claimed int64
	step, role, proc  string
	status, channel   int
	stepDue, due      sql.NullTime
}

func (r queueRow) queueDue() (time.Time, bool) {
	if r.stepDue.Valid {
		return r.stepDue.Time, true
	}
	return r.due.Time, r.due.Valid
}

func queueRows(t *testing.T, db *pgstore.DB) []queueRow {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT id, coalesce(step_unit_id, 0), coalesce(claimed_by, 0),
		step, step_role, procedure_code, status, channel, step_due_at, due_at FROM dossiers`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []queueRow
	for rows.Next() {
		var r queueRow
		if err := rows.Scan(&r.id, &r.unit, &r.claimed, &r.step, &r.role, &r.proc, &r.status, &r.channel, &r.stepDue, &r.due); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// wantQueue computes a queue page from every dossier, as the queue is
// specified: the filters, the tabs against the due instant (the step's,
// else the overall one), sorted by it with those without one last, then
// by id.
func wantQueue(all []queueRow, q dossier.QueueQuery) (counts map[dossier.Tab]int, page []int64) {
	paused := func(r queueRow) bool { return r.status == 5 || r.status == 6 }
	in := map[dossier.Tab]func(queueRow) bool{
		dossier.TabAll:  func(queueRow) bool { return true },
		dossier.TabMine: func(r queueRow) bool { return r.claimed == q.UserID },
		dossier.TabSoon: func(r queueRow) bool {
			d, ok := r.queueDue()
			return ok && !paused(r) && !d.Before(q.Now) && !d.After(q.Soon)
		},
		dossier.TabOverdue: func(r queueRow) bool { d, ok := r.queueDue(); return ok && !paused(r) && d.Before(q.Now) },
		dossier.TabPaused:  paused,
	}
	counts = map[dossier.Tab]int{}
	var tab []queueRow
	for _, r := range all {
		if r.step == "" || r.unit != q.UnitID || r.role != q.Role || (q.Status != 0 && r.status != int(q.Status)) ||
			(q.Procedure != "" && r.proc != q.Procedure) || (q.Channel != 0 && r.channel != int(q.Channel)) {
			continue
		}
		if !q.DueBefore.IsZero() {
			if d, ok := r.queueDue(); !ok || d.After(q.DueBefore) {
				continue
			}
		}
		for _, t := range dossier.Tabs {
			if in[t](r) {
				counts[t]++
			}
		}
		if in[q.Tab](r) {
			tab = append(tab, r)
		}
	}
	slices.SortFunc(tab, func(a, b queueRow) int {
		da, oka := a.queueDue()
		db, okb := b.queueDue()
		switch {
		case oka && okb && !da.Equal(db):
			return da.Compare(db)
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.id, b.id)
	})
	for i := (q.Page - 1) * q.PerPage; i < len(tab) && i < q.Page*q.PerPage; i++ {
		page = append(page, tab[i].id)
	}
	return counts, page
}

// TestQueueMatchesTheDossiers checks the queue's counts and pages against
// the dossiers themselves, for every tab with each filter, while the
// dossiers change in every way the counts kept by triggers must follow:
// one by one, many in one statement, claims, deletion and truncation.
func TestQueueMatchesTheDossiers(t *testing.T) {
	ctx := context.Background()
	f := newDossiers(t)
	f.publish(t, recMarriage())
	users := pgstore.NewUserStore(f.db)
	units := pgstore.NewUnitStore(f.db)
	other, err := units.GetByCode(ctx, unitPhanDinhPh)
	if err != nil {
		t.Fatal(err)
	}
	var officers []int64
	for i := range 2 {
		u := account.User{Role: account.RoleOfficer, FullName: fmt.Sprintf("Chuyên viên %d", i), Email: fmt.Sprintf("cv%d@example.vn", i),
			PasswordHash: "x", UnitID: f.commune, Locale: "vi", Active: true}
		if err := users.Create(ctx, &u); err != nil {
			t.Fatal(err)
		}
		officers = append(officers, u.ID)
	}
	now := t0.Add(40 * 24 * time.Hour)
	rng := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // G404: test data
	draft := f.draft(t)
	var codes []string
	for i := range 120 {
		d := f.dossier(t, fmt.Sprintf("001.00.50.H19-250701-%04d", i+1), draft)
		codes = append(codes, d.Code)
		at := func() any {
			switch rng.IntN(10) {
			case 0, 1:
				return nil
			case 2: // on the bounds of the tabs and the filter
				return []time.Time{now, now.Add(20 * time.Hour), now.Add(24 * time.Hour)}[rng.IntN(3)]
			}
			// Whole hours, so that some dossiers share their due instant.
			return now.Add(time.Duration(rng.IntN(144)-72) * time.Hour)
		}
		var step, role string
		var unit, claimed any
		if rng.IntN(6) > 0 {
			step, role, unit = "tham-dinh", []string{"officer", "officer", "leader"}[rng.IntN(3)], []int64{f.commune, f.commune, other.ID}[rng.IntN(3)]
			if rng.IntN(3) == 0 {
				claimed = officers[rng.IntN(2)]
			}
		}
		status, stepDue, due := []int{2, 4, 4, 4, 5, 6}[rng.IntN(6)], at(), at()
		if bounds := []time.Time{now, now.Add(37 * time.Minute), now.Add(time.Hour), now.Add(20 * time.Hour),
			now.Add(24 * time.Hour), now.Add(24*time.Hour + 37*time.Minute), now.Add(-5 * time.Hour),
			now.Add(30 * time.Hour)}; i < 3*len(bounds) {
			// Due on every bound the tests use, by the step or overall,
			// paused or not.
			step, role, unit, status = "tham-dinh", "officer", f.commune, 4
			switch b := bounds[i%len(bounds)]; i / len(bounds) {
			case 0:
				stepDue = b
			case 1:
				stepDue, due = nil, b
			default:
				stepDue, status = b, 5
			}
		}
		if _, err := f.db.SQL().ExecContext(ctx, `UPDATE dossiers SET step = $2, step_role = $3, step_unit_id = $4, claimed_by = $5,
			status = $6, channel = $7, procedure_code = $8, step_due_at = $9, due_at = $10 WHERE id = $1`,
			d.ID, step, role, unit, claimed, status, 1+rng.IntN(3),
			[]string{codeBirth, codeMarriage}[rng.IntN(2)], stepDue, due); err != nil {
			t.Fatal(err)
		}
	}

	check := func(when string) {
		t.Helper()
		all := queueRows(t, f.db)
		var n int
		// The kept counts are the dossiers' grouped counts, exactly.
		if err := f.db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM (
			(SELECT unit_id, role, status, channel, procedure_code, n FROM queue_counts WHERE n <> 0
			 EXCEPT SELECT step_unit_id, step_role, status, channel, procedure_code, count(*) FROM dossiers WHERE step <> '' GROUP BY 1, 2, 3, 4, 5)
			UNION ALL
			(SELECT step_unit_id, step_role, status, channel, procedure_code, count(*) FROM dossiers WHERE step <> '' GROUP BY 1, 2, 3, 4, 5
			 EXCEPT SELECT unit_id, role, status, channel, procedure_code, n FROM queue_counts)) x`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: queue_counts differs from the dossiers in %d groups", when, n)
		}
		if err := f.db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM (
			(SELECT unit_id, role, due_hour, status, channel, n FROM queue_due_counts
			 EXCEPT SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, count(*)
			 FROM dossiers WHERE step <> '' AND coalesce(step_due_at, due_at) IS NOT NULL GROUP BY 1, 2, 3, 4, 5)
			UNION ALL
			(SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, count(*)
			 FROM dossiers WHERE step <> '' AND coalesce(step_due_at, due_at) IS NOT NULL GROUP BY 1, 2, 3, 4, 5
			 EXCEPT SELECT unit_id, role, due_hour, status, channel, n FROM queue_due_counts)) x`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: queue_due_counts differs from the dossiers (or keeps empty hours) in %d rows", when, n)
		}
		filters := []dossier.QueueQuery{{}, {Status: 4}, {Status: 5}, {Procedure: codeMarriage}, {Channel: 2},
			{DueBefore: now.Add(20 * time.Hour)}, {DueBefore: now.Add(-5 * time.Hour)}, {DueBefore: now.Add(30 * time.Hour)},
			{DueBefore: now}, {Status: 4, Channel: 1, Procedure: codeBirth}, {Status: 6, DueBefore: now},
			{Status: 5, Channel: 3, DueBefore: now.Add(30 * time.Hour)}, {Procedure: codeBirth, DueBefore: now.Add(20 * time.Hour)}}
		// Now on the hour, and within one, past dossiers due on the hour.
		for _, now := range []time.Time{now, now.Add(37 * time.Minute)} {
			for _, unit := range []int64{f.commune, other.ID} {
				for _, role := range []string{"officer", "leader"} {
					for _, fl := range filters {
						for _, tab := range dossier.Tabs {
							for _, page := range []int{1, 2} {
								q := fl
								q.UnitID, q.Role, q.UserID, q.Tab, q.Now, q.Soon, q.Page, q.PerPage = unit, role, officers[0], tab, now,
									now.Add(24*time.Hour), page, 4
								got, err := f.st.Queue(ctx, q)
								if err != nil {
									t.Fatalf("%s: %+v: %v", when, q, err)
								}
								counts, ids := wantQueue(all, q)
								var gotIDs []int64
								for _, d := range got.Items {
									gotIDs = append(gotIDs, d.ID)
								}
								if !sameCounts(got.Counts, counts) || got.Total != counts[tab] || !slices.Equal(gotIDs, ids) {
									t.Fatalf("%s: unit %d %s tab %s page %d filters %+v:\ncounts %v total %d ids %v\nwant   %v ids %v",
										when, unit, role, tab, page, fl, got.Counts, got.Total, gotIDs, counts, ids)
								}
							}
						}
					}
				}
			}
		}
	}
	check("after the set-up")

	// Many dossiers in one statement.
	if _, err := f.db.SQL().ExecContext(ctx, "UPDATE dossiers SET status = 4, channel = 3 WHERE id % 3 = 0"); err != nil {
		t.Fatal(err)
	}
	check("after a statement changing many")

	// One by one, as processing does: to another unit and role, out of the
	// queues, back in.
	for i, code := range codes[:12] {
		d, err := f.st.Dossier(ctx, code, false)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			d.Step, d.StepUnitID, d.StepRole, d.Status = "ky-duyet", other.ID, workflow.RoleLeader, dossier.StatusProcessing
		case 1:
			d.Step, d.StepUnitID, d.StepRole, d.Status = "", 0, "", dossier.StatusReturned
		default:
			d.Step, d.StepUnitID, d.StepRole, d.Status = "tham-dinh", f.commune, workflow.RoleOfficer, dossier.StatusSupplement
		}
		d.ClaimedBy = 0
		if err := f.st.UpdateProcessing(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	check("after processing moved some")

	for _, code := range codes[20:40] {
		if _, err := f.st.Claim(ctx, code, officers[0], f.commune, "officer", now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.Release(ctx, codes[25], officers[0]); err != nil {
		t.Fatal(err)
	}
	check("after claims")

	if _, err := f.db.SQL().ExecContext(ctx, "DELETE FROM dossiers WHERE id % 4 = 1"); err != nil {
		t.Fatal(err)
	}
	check("after deleting some")

	if _, err := f.db.SQL().ExecContext(ctx, "TRUNCATE dossiers CASCADE"); err != nil {
		t.Fatal(err)
	}
	check("after truncating")
}

func sameCounts(a, b map[dossier.Tab]int) bool {
	for _, t := range dossier.Tabs {
		if a[t] != b[t] {
			return false
		}
	}
	return true
}
