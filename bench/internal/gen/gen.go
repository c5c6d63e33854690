// Package gen fills a bench database with dossiers, fast: rows are made in
// Go from a seeded random source (the same spec gives the same data) and
// streamed into PostgreSQL with COPY over a few connections at once,
// rather than one INSERT per dossier.
//
// The database must hold the province's units and a published catalogue
// (the foreign keys name them), and the staff who hold claimed dossiers.
// Dossiers are spread as a province would have them: most finished, the
// others waiting at a step of some unit for some role, and a chosen number
// waiting at one unit for one role (the queue a load test measures).
package gen

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
)

// Spec says what to generate.
type Spec struct {
	// Dossiers is how many to add in all; UnitDossiers of them wait at the
	// unit with code Unit for Role (e.g. "officer"): its queue.
	Dossiers, UnitDossiers int
	Unit, Role             string
	// Claimers are staff of Unit with Role; ClaimedShare (0-1) of the
	// unit's queue is taken, each dossier by one of them in turn.
	Claimers     []int64
	ClaimedShare float64
	// ActiveShare (0-1) of the other dossiers are still being processed,
	// at some unit for some role; the rest have finished.
	ActiveShare float64
	// Now is the instant due dates are spread around: steps fall due from
	// five days before it (overdue) to 25 days after.
	Now time.Time
	// Seed makes the data (same seed, same dossiers).
	Seed uint64
	// Workers is how many COPY streams run at once (default 2).
	Workers int
	// DropIndexes drops the indexes of dossiers that back no constraint
	// before loading and creates them again after, Workers at a time:
	// building an index once is much faster than growing it row by row.
	DropIndexes bool
	// Progress, if set, is called after each batch with the rows so far.
	Progress func(done int)
}

// Report is what Dossiers added and how long it took.
type Report struct {
	Dossiers, AtUnit, Active, Finished, Claimed int
	// Statuses counts the dossiers of each status; Overdue those at the
	// unit past their due instant at Now, not paused.
	Statuses map[dossier.Status]int
	Overdue  int
	// Took is the whole time; Indexes the part spent creating the dropped
	// indexes again.
	Took, Indexes time.Duration
}

func (r Report) String() string {
	var st []string
	for s := dossier.StatusNew; s <= dossier.StatusReturned; s++ {
		st = append(st, fmt.Sprintf("%d:%d", s, r.Statuses[s]))
	}
	idx := ""
	if r.Indexes > 0 {
		idx = fmt.Sprintf(", of which %v creating the indexes again", r.Indexes.Round(time.Millisecond))
	}
	return fmt.Sprintf("%d dossiers in %v (%.0f/s%s): %d waiting at the unit (%d overdue, %d taken), %d at other steps, %d finished; by status %s",
		r.Dossiers, r.Took.Round(time.Millisecond), float64(r.Dossiers)/r.Took.Seconds(), idx, r.AtUnit, r.Overdue, r.Claimed,
		r.Active, r.Finished, strings.Join(st, " "))
}

// Columns are the dossier columns COPY fills, in order.
var columns = []string{"code", "procedure_code", "procedure_version", "procedure_name", "case_no", "form_version",
	"applicant", "applicant_pid", "channel", "status", "receiving_unit_id", "competent_unit_id", "returning_unit_id",
	"answers", "delivery", "summary", "lookup_secret", "submitted_at", "received_at", "due_at", "finished_at",
	"returned_at", "withdrawn_at", "updated_at", "step", "step_unit_id", "step_role", "step_since", "step_due_at",
	"claimed_by", "claimed_at", "timeliness"}

type unit struct {
	id         int64
	code, kind string
	admin      string
	parent     *unit
}

type procedure struct {
	code, name, level string
	version           int
}

// world is what rows are made from: the units and procedures.
type world struct {
	target               *unit
	centre               *unit // the provincial service centre
	departments          []*unit
	communes             []*unit
	centreOf             map[int64]*unit // a commune's reception centre
	provincial, communal []procedure
	targetProcs          []procedure // the handful the measured unit handles
	targetWeights        []float64
}

const batchRows = 10000

// Dossiers adds s.Dossiers dossiers to db through COPY.
func Dossiers(ctx context.Context, db *sql.DB, s Spec) (Report, error) {
	if s.Dossiers < s.UnitDossiers || s.UnitDossiers < 0 {
		return Report{}, errors.New("gen: need 0 <= UnitDossiers <= Dossiers")
	}
	if s.Workers <= 0 {
		s.Workers = 2
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	w, err := load(ctx, db, s.Unit)
	if err != nil {
		return Report{}, err
	}
	start := time.Now()
	var indexes []string
	if s.DropIndexes {
		if indexes, err = dropIndexes(ctx, db); err != nil {
			return Report{}, err
		}
	}
	batches := make(chan [][]any, s.Workers)
	errc := make(chan error, s.Workers)
	var wg sync.WaitGroup
	for range s.Workers {
		wg.Go(func() { errc <- copyBatches(ctx, db, batches) })
	}
	rep := Report{Statuses: map[dossier.Status]int{}}
	g := newGenerator(s, w)
	var genErr error
	batch := make([][]any, 0, batchRows)
	for i := range s.Dossiers {
		r := g.row(i)
		rep.Statuses[r.status]++
		switch {
		case r.atUnit:
			rep.AtUnit++
			if r.claimed {
				rep.Claimed++
			}
			if r.overdue {
				rep.Overdue++
			}
		case r.active:
			rep.Active++
		default:
			rep.Finished++
		}
		batch = append(batch, r.values)
		if len(batch) == batchRows || i == s.Dossiers-1 {
			select {
			case batches <- batch:
			case err := <-errc:
				genErr = err
			}
			if genErr != nil {
				break
			}
			batch = make([][]any, 0, batchRows)
			if s.Progress != nil {
				s.Progress(i + 1)
			}
		}
	}
	close(batches)
	wg.Wait()
	close(errc)
	errs := []error{genErr}
	for err := range errc {
		errs = append(errs, err)
	}
	t := time.Now()
	errs = append(errs, createIndexes(ctx, db, indexes, s.Workers))
	if err := errors.Join(errs...); err != nil {
		return Report{}, err
	}
	if len(indexes) > 0 {
		rep.Indexes = time.Since(t)
	}
	rep.Dossiers = s.Dossiers
	rep.Took = time.Since(start)
	return rep, nil
}

// copyBatches streams batches into dossiers over one connection until the
// channel closes (draining it on error, so the producer never blocks).
func copyBatches(ctx context.Context, db *sql.DB, batches <-chan [][]any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		for range batches {
		}
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		for b := range batches {
			if _, err := pc.CopyFrom(ctx, pgx.Identifier{"dossiers"}, columns, pgx.CopyFromRows(b)); err != nil {
				return fmt.Errorf("copy dossiers: %w", err)
			}
		}
		return nil
	})
	for range batches {
	}
	return err
}

// dropIndexes drops the indexes of dossiers that back no constraint and
// returns their definitions.
func dropIndexes(ctx context.Context, db *sql.DB) ([]string, error) {
	var names, defs []string
	err := query(ctx, db, func(rows *sql.Rows) error {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return err
		}
		names, defs = append(names, name), append(defs, def)
		return nil
	}, `SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i
		WHERE indrelid = 'dossiers'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		if _, err := db.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return nil, errors.Join(err, createIndexes(ctx, db, defs[:i], 1))
		}
	}
	return defs, nil
}

// createIndexes runs the index definitions, workers at a time.
func createIndexes(ctx context.Context, db *sql.DB, defs []string, workers int) error {
	errs := make([]error, len(defs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range next {
				if _, err := db.ExecContext(ctx, defs[i]); err != nil {
					errs[i] = fmt.Errorf("%s: %w", defs[i], err)
				}
			}
		})
	}
	for i := range defs {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// query runs q and calls each for every row.
func query(ctx context.Context, db *sql.DB, each func(*sql.Rows) error, q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// load reads the units and the published procedures.
func load(ctx context.Context, db *sql.DB, target string) (*world, error) {
	byID := map[int64]*unit{}
	parents := map[int64]int64{}
	var all []*unit
	err := query(ctx, db, func(rows *sql.Rows) error {
		u := &unit{}
		var parent int64
		if err := rows.Scan(&u.id, &u.code, &u.kind, &u.admin, &parent); err != nil {
			return err
		}
		byID[u.id], parents[u.id] = u, parent
		all = append(all, u)
		return nil
	}, "SELECT id, code, kind, admin_code, coalesce(parent_id, 0) FROM units WHERE active ORDER BY id")
	if err != nil {
		return nil, err
	}
	w := &world{centreOf: map[int64]*unit{}}
	for _, u := range all {
		u.parent = byID[parents[u.id]]
		switch u.kind {
		case "department", "police":
			w.departments = append(w.departments, u)
		case "service_centre":
			w.centre = u
		case "commune_centre":
			if u.parent != nil {
				w.centreOf[u.parent.id] = u
			}
		}
		if u.code == target {
			w.target = u
		}
	}
	for _, u := range all {
		if u.kind == "commune" && w.centreOf[u.id] != nil {
			w.communes = append(w.communes, u)
		}
	}
	if w.target == nil || w.centre == nil || len(w.departments) == 0 || len(w.communes) == 0 {
		return nil, fmt.Errorf("gen: the units are not seeded (unit %s, a service centre, departments, communes with centres)", target)
	}

	err = query(ctx, db, func(rows *sql.Rows) error {
		var p procedure
		if err := rows.Scan(&p.code, &p.version, &p.name, &p.level); err != nil {
			return err
		}
		if p.level == "commune" {
			w.communal = append(w.communal, p)
		} else {
			w.provincial = append(w.provincial, p)
		}
		return nil
	}, `SELECT p.code, v.version, v.name, v.level FROM procedures p
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.version = p.current_version
		WHERE p.retired_at IS NULL AND v.status = 'published' ORDER BY p.code`)
	if err != nil {
		return nil, err
	}
	if len(w.provincial) == 0 || len(w.communal) == 0 {
		return nil, errors.New("gen: the catalogue is not seeded (need published provincial and commune procedures)")
	}
	// The measured unit handles a handful of procedures, a few of them
	// most of the time.
	w.targetProcs = w.provincial[:min(6, len(w.provincial))]
	w.targetWeights = []float64{40, 25, 15, 10, 6, 4}[:len(w.targetProcs)]
	return w, nil
}

// generator makes row i. One goroutine uses it.
type generator struct {
	s        Spec
	w        *world
	rng      *rand.Rand
	counters map[counterKey]int
	loc      *time.Location
	claims   int
}

type counterKey struct {
	unit int64
	day  string
}

func newGenerator(s Spec, w *world) *generator {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	return &generator{s: s, w: w, rng: rand.New(rand.NewPCG(s.Seed, 0x9e3779b97f4a7c15)), //nolint:gosec // G404: test data, not secrets
		counters: map[counterKey]int{}, loc: loc}
}

type row struct {
	values                           []any
	status                           dossier.Status
	atUnit, active, claimed, overdue bool
}

// pick returns an index of weights at random, in proportion to them.
func (g *generator) pick(weights ...float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := g.rng.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (g *generator) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(g.rng.Int64N(int64(hi-lo)+1))
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// row makes dossier i. The unit's dossiers are spread evenly over the
// sequence (exactly UnitDossiers of them), so they lie all over the table
// as they would after months of work, not in one block.
func (g *generator) row(i int) row {
	s, w, now := g.s, g.w, g.s.Now
	n, k := int64(s.Dossiers), int64(s.UnitDossiers)
	r := row{atUnit: k > 0 && (int64(i+1)*k)/n != (int64(i)*k)/n}
	r.active = r.atUnit || g.rng.Float64() < s.ActiveShare

	// Where: the procedure, who receives, decides and returns it, and
	// (while it is processed) the step it waits at.
	var (
		proc                  procedure
		receiving, competent  *unit
		stepUnit              *unit
		step, role            string
		commune               *unit
		status                dossier.Status
		submitted, stepSince  time.Time
		received, due         time.Time
		stepDue, finished     time.Time
		returned, withdrawn   time.Time
		claimedAt             time.Time
		claimedBy             int64
		timeliness            string
		provincialLevelChosen = r.atUnit || g.rng.Float64() < 0.35
	)
	if provincialLevelChosen {
		receiving = w.centre
		if r.atUnit {
			proc = w.targetProcs[g.pick(w.targetWeights...)]
			competent = w.target
		} else {
			proc = w.provincial[g.rng.IntN(len(w.provincial))]
			competent = w.departments[g.rng.IntN(len(w.departments))]
		}
		commune = w.communes[g.rng.IntN(len(w.communes))] // where the applicant lives
	} else {
		proc = w.communal[g.rng.IntN(len(w.communal))]
		commune = w.communes[g.rng.IntN(len(w.communes))]
		receiving, competent = w.centreOf[commune.id], commune
	}

	if r.active {
		submitted = now.Add(-g.between(time.Hour, 45*24*time.Hour))
		switch {
		case r.atUnit:
			step, role, stepUnit = "tham-dinh", s.Role, w.target
			status = []dossier.Status{dossier.StatusProcessing, dossier.StatusReceived, dossier.StatusSupplement,
				dossier.StatusPayment, dossier.StatusNew}[g.pick(78, 10, 6, 4, 2)]
		default:
			switch g.pick(30, 45, 25) {
			case 0: // at the reception desk: a new dossier, or a result to hand back
				stepUnit, role = receiving, "clerk"
				if g.rng.Float64() < 0.6 {
					step, status = "tiep-nhan", dossier.StatusNew
				} else {
					step, status = "tra-ket-qua", dossier.StatusDone
				}
			case 1:
				stepUnit, role, step = competent, "officer", "tham-dinh"
			default:
				stepUnit, role, step = competent, "leader", "ky-duyet"
			}
			if stepUnit == w.target && role == s.Role {
				// Only UnitDossiers wait in the measured queue.
				role, step = "leader", "ky-duyet"
			}
			if status == 0 {
				status = []dossier.Status{dossier.StatusProcessing, dossier.StatusReceived, dossier.StatusSupplement,
					dossier.StatusPayment}[g.pick(80, 10, 6, 4)]
			}
		}
		if status != dossier.StatusNew {
			received = submitted.Add(g.between(30*time.Minute, 8*time.Hour))
		}
		stepSince = submitted.Add(g.between(time.Hour, 3*24*time.Hour))
		if stepSince.After(now) {
			stepSince = now.Add(-time.Minute)
		}
		if g.rng.Float64() >= 0.01 { // a step without a time budget has no due instant
			stepDue = now.Add(g.between(-5*24*time.Hour, 25*24*time.Hour))
			due = stepDue.Add(g.between(24*time.Hour, 15*24*time.Hour))
			r.overdue = r.atUnit && stepDue.Before(now) && status != dossier.StatusSupplement && status != dossier.StatusPayment
		} else {
			due = now.Add(g.between(0, 30*24*time.Hour))
		}
		if status == dossier.StatusNew {
			due = time.Time{} // the clock starts at reception
		}
		if r.atUnit && g.rng.Float64() < s.ClaimedShare && len(s.Claimers) > 0 {
			claimedBy = s.Claimers[g.claims%len(s.Claimers)]
			g.claims++
			claimedAt = stepSince.Add(g.between(0, 24*time.Hour))
			if claimedAt.After(now) {
				claimedAt = now
			}
			r.claimed = true
		}
	} else {
		submitted = now.Add(-g.between(30*24*time.Hour, 730*24*time.Hour))
		status = []dossier.Status{dossier.StatusReturned, dossier.StatusRefused, dossier.StatusWithdrawn,
			dossier.StatusStopped}[g.pick(85, 7, 5, 3)]
		received = submitted.Add(g.between(30*time.Minute, 8*time.Hour))
		due = received.Add(15 * 24 * time.Hour)
		switch status {
		case dossier.StatusRefused:
			received, due = time.Time{}, time.Time{}
			finished = submitted.Add(g.between(time.Hour, 48*time.Hour))
		case dossier.StatusWithdrawn:
			withdrawn = received.Add(g.between(time.Hour, 5*24*time.Hour))
		case dossier.StatusStopped:
			finished = received.Add(g.between(24*time.Hour, 10*24*time.Hour))
		default:
			finished = received.Add(g.between(24*time.Hour, 18*24*time.Hour))
			returned = finished.Add(g.between(time.Hour, 3*24*time.Hour))
			switch {
			case finished.Before(due.Add(-24 * time.Hour)):
				timeliness = "early"
			case finished.After(due):
				timeliness = "late"
			default:
				timeliness = "on_time"
			}
		}
	}
	r.status = status
	updated := slices.MaxFunc([]time.Time{submitted, received, stepSince, claimedAt, finished, returned, withdrawn},
		func(a, b time.Time) int { return a.Compare(b) })

	applicant := g.applicant(commune)
	channel := []dossier.Channel{dossier.ChannelOnline, dossier.ChannelDirect, dossier.ChannelPostal}[g.pick(55, 40, 5)]
	delivery := dossier.Delivery{Method: dossier.DeliverDesk}
	switch channel {
	case dossier.ChannelOnline:
		delivery.Method = dossier.DeliverOnline
	case dossier.ChannelPostal:
		delivery = dossier.Delivery{Method: dossier.DeliverPost, Recipient: applicant.FullName, Phone: applicant.Phone,
			Address: eform.Address{Province: "19", Commune: commune.admin, Street: applicant.Address}}
	}
	answers := eform.Answers{
		"ho_ten":       {Text: applicant.FullName},
		"so_dinh_danh": {Text: applicant.Identifier()},
		"dien_thoai":   {Text: applicant.Phone},
		"ngay_sinh":    {Text: fmt.Sprintf("%02d/%02d/%d", 1+g.rng.IntN(28), 1+g.rng.IntN(12), 1950+g.rng.IntN(55))},
		"dia_chi":      {Address: &eform.Address{Province: "19", Commune: commune.admin, Street: applicant.Address}},
		"noi_dung":     {Text: "Đề nghị giải quyết thủ tục " + proc.name},
	}
	var stepUnitID int64
	if stepUnit != nil {
		stepUnitID = stepUnit.id
	}
	r.values = []any{g.code(receiving, submitted), proc.code, proc.version, proc.name, 0, 1,
		mustJSON(applicant), applicant.Identifier(), int16(channel), int16(status), receiving.id, competent.id, receiving.id,
		mustJSON(answers), mustJSON(delivery), proc.name + " - " + applicant.FullName, g.secret(),
		submitted, nullTime(received), nullTime(due), nullTime(finished), nullTime(returned), nullTime(withdrawn), updated,
		step, nullID(stepUnitID), role, nullTime(stepSince), nullTime(stepDue), nullID(claimedBy), nullTime(claimedAt),
		timeliness}
	return r
}

// code is the dossier code as DailyCodes makes it: the receiving unit,
// the day and a number counting up from 1 per unit and day.
func (g *generator) code(u *unit, at time.Time) string {
	day := at.In(g.loc).Format("060102")
	k := counterKey{u.id, day}
	g.counters[k]++
	return u.code + "-" + day + "-" + fmt.Sprintf("%04d", g.counters[k])
}

const secretAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func (g *generator) secret() string {
	b := make([]byte, dossier.SecretLength)
	for i := range b {
		b[i] = secretAlphabet[g.rng.IntN(len(secretAlphabet))]
	}
	return string(b)
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ma", "Hà", "Nông"}
	middleNames = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Xuân", "Hữu", "Kim"}
	givenNames  = []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh",
		"Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"}
	streets = []string{"Tổ 1", "Tổ 3", "Tổ 7", "Xóm Đồng", "Xóm Bãi", "Thôn Nà Pài", "Thôn Bản Cào", "Số 12 đường Hoàng Văn Thụ",
		"Số 45 đường Quang Trung", "Số 8 ngõ 21 đường Cách Mạng Tháng Tám"}
	companyWords = []string{"Công ty TNHH", "Công ty cổ phần", "Hợp tác xã"}
	companyNames = []string{"Thái Hòa", "Núi Cốc", "Sông Cầu", "Tân Cương", "Phúc Lộc", "An Khang", "Bắc Sơn", "Minh Phát"}
)

func (g *generator) applicant(commune *unit) dossier.Applicant {
	street := streets[g.rng.IntN(len(streets))]
	phone := "09" + strconv.Itoa(10000000+g.rng.IntN(90000000))
	if g.rng.Float64() < 0.1 {
		return dossier.Applicant{Kind: dossier.ApplicantBusiness,
			FullName: companyWords[g.rng.IntN(len(companyWords))] + " " + companyNames[g.rng.IntN(len(companyNames))],
			TaxCode:  fmt.Sprintf("46%08d", g.rng.IntN(100000000)), Phone: phone, Address: street}
	}
	name := familyNames[g.rng.IntN(len(familyNames))] + " " + middleNames[g.rng.IntN(len(middleNames))] + " " +
		givenNames[g.rng.IntN(len(givenNames))]
	return dossier.Applicant{Kind: dossier.ApplicantCitizen, FullName: name,
		PersonalID: fmt.Sprintf("019%09d", g.rng.IntN(1000000000)), Phone: phone, Address: street}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the values above always encode
	}
	return string(b)
}
