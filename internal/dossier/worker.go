package dossier

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/workflow"
)

// jobLease is how long a worker holds a job it took; after a crash another
// takes it once the lease runs out.
const jobLease = 5 * time.Minute

// retryAfter is the backoff after n failed attempts: 30 s, 1 min, 2 min,
// ... capped at one hour.
func retryAfter(n int) time.Duration {
	d := time.Duration(float64(30*time.Second) * math.Pow(2, float64(max(n-1, 0))))
	return min(d, time.Hour)
}

// RunJobs does the due work for semi-automatic and automatic steps until
// there is none left, and reports how many jobs it finished. Several
// instances may run it at once: each job is leased to one.
func (s *Service) RunJobs(ctx context.Context) (int, error) {
	done := 0
	for ctx.Err() == nil {
		j, err := s.d.Store.TakeJob(ctx, s.d.Now(), jobLease)
		if errors.Is(err, ErrNotFound) {
			return done, nil
		}
		if err != nil {
			return done, err
		}
		if err := s.runJob(ctx, j); err != nil {
			if rerr := s.d.Store.RetryJob(ctx, j.ID, s.d.Now().Add(retryAfter(j.Attempts+1)), err.Error()); rerr != nil {
				return done, rerr
			}
			continue
		}
		if err := s.d.Store.FinishJob(ctx, j.ID, s.d.Now()); err != nil {
			return done, err
		}
		done++
	}
	return done, ctx.Err()
}

// runJob does one job. It is idempotent: a job for a step the dossier has
// left is done already.
func (s *Service) runJob(ctx context.Context, j Job) error {
	if j.Kind == JobDocument {
		return s.issuePaper(ctx, j)
	}
	d, err := s.d.Store.DossierByID(ctx, j.DossierID)
	if err != nil {
		return err
	}
	f, err := s.flowOf(ctx, d)
	if err != nil {
		return err
	}
	step, ok := stepOf(f, d.Step)
	if !ok || jobKey(d, step) != j.Key {
		return nil // the dossier moved on
	}
	findings, err := s.runTasks(ctx, d, step)
	if err != nil {
		return err
	}
	proposal := propose(step, d, findings)
	open, err := s.d.Store.OpenStep(ctx, d.ID)
	if err != nil {
		return err
	}
	if err := s.d.Store.SetFindings(ctx, open.ID, findings, string(proposal)); err != nil {
		return err
	}
	if j.Kind != JobAuto {
		return nil
	}
	// An automatic step takes its one action; the rule decided.
	if len(step.Actions) != 1 {
		return fmt.Errorf("automatic step %s has %d actions, want 1", step.ID, len(step.Actions))
	}
	for range maxTries {
		d, err = s.d.Store.DossierByID(ctx, j.DossierID)
		if err != nil {
			return err
		}
		if jobKey(d, step) != j.Key {
			return nil
		}
		p, err := s.plan(ctx, account.User{}, d, ActInput{Action: step.Actions[0].Action, Now: s.d.Now()}, DecidedByRule)
		if err != nil {
			return err
		}
		_, err = s.commitAction(ctx, 0, p, ActInput{Action: step.Actions[0].Action})
		if errors.Is(err, ErrConflict) {
			continue
		}
		return err
	}
	return ErrConflict
}

// propose is the action a semi-automatic step suggests from its findings:
// go on when every check passed, else ask for documents (or send back).
func propose(step workflow.Step, d Dossier, findings []Finding) workflow.Action {
	ok := true
	for _, f := range findings {
		ok = ok && f.OK
	}
	pick := func(as ...workflow.Action) workflow.Action {
		for _, a := range as {
			for _, tr := range step.Actions {
				if tr.Action == a && statusAllows(a, d) {
					return a
				}
			}
		}
		return ""
	}
	if ok {
		return pick(workflow.ActionReceive, workflow.ActionForward, workflow.ActionApprove, workflow.ActionDeliver)
	}
	return pick(workflow.ActionGuide, workflow.ActionSupplement, workflow.ActionReturn)
}

// runTasks runs a step's checks on a dossier.
func (s *Service) runTasks(ctx context.Context, d Dossier, step workflow.Step) ([]Finding, error) {
	rec, form, err := submittedUnder(ctx, s.d.Store, d.ID)
	if err != nil {
		return nil, err
	}
	out := []Finding{}
	for _, t := range step.Tasks {
		switch t {
		case workflow.TaskCompleteness:
			fs, err := s.completeness(ctx, d, form)
			if err != nil {
				return nil, err
			}
			out = append(out, fs...)
		case workflow.TaskRegistry:
			out = append(out, s.registryMatch(ctx, d))
		case workflow.TaskFee:
			out = append(out, fee(rec, d))
		case workflow.TaskDraftResult:
			names := []string{}
			for _, r := range rec.Results {
				names = append(names, r.Name)
			}
			out = append(out, Finding{Task: string(t), OK: len(names) > 0, Key: "process.finding.draft_result",
				Args: []string{strings.Join(names, "; "), d.Applicant.FullName}})
		case workflow.TaskTransfer:
			out = append(out, Finding{Task: string(t), OK: true, Key: "process.finding.transfer"})
		}
	}
	return out, nil
}

// completeness checks the dossier's answers and files against its e-form.
func (s *Service) completeness(ctx context.Context, d Dossier, form eform.Form) ([]Finding, error) {
	files, err := s.d.Store.DossierAttachments(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	answers := eform.Answers{}
	for k, v := range d.Answers {
		answers[k] = v
	}
	for _, f := range files {
		if fl, ok := fileSlot(form, f.Slot); ok {
			v := answers[fl.ID]
			v.List = append(v.List, f.PublicID)
			answers[fl.ID] = v
		}
	}
	_, errs := form.Clean(answers, eform.Options{Today: s.d.Now(), Places: s.d.Places})
	if len(errs) == 0 {
		return []Finding{{Task: string(workflow.TaskCompleteness), OK: true, Key: "process.finding.complete"}}, nil
	}
	var out []Finding
	for _, e := range errs {
		label := e.Field
		if fl, ok := form.FieldAt(e.Field); ok {
			label = fl.Label
		}
		out = append(out, Finding{Task: string(workflow.TaskCompleteness), Key: "process.finding.missing", Args: []string{label}})
	}
	return out, nil
}

// registryMatch compares the applicant with the population or business
// registry.
func (s *Service) registryMatch(ctx context.Context, d Dossier) Finding {
	f := Finding{Task: string(workflow.TaskRegistry)}
	if s.d.Registry == nil {
		f.Key = "process.finding.registry_unavailable"
		return f
	}
	a := d.Applicant
	var name string
	var err error
	read := RegistryLookup{Purpose: LookupCheck, Subject: a.Identifier(), DossierID: d.ID}
	if a.Kind == ApplicantBusiness {
		var b Business
		b, err = s.readBusiness(ctx, read)
		name = b.Name
	} else {
		var p Person
		p, err = s.readPerson(ctx, read)
		name = p.FullName
	}
	switch {
	case errors.Is(err, ErrNotFound):
		f.Key, f.Args = "process.finding.registry_missing", []string{a.Identifier()}
	case err != nil:
		f.Key = "process.finding.registry_unavailable"
	case !strings.EqualFold(strings.Join(strings.Fields(name), " "), strings.Join(strings.Fields(a.FullName), " ")):
		f.Key, f.Args = "process.finding.registry_mismatch", []string{a.FullName, name}
	default:
		f.OK, f.Key, f.Args = true, "process.finding.registry_match", []string{a.Identifier()}
	}
	return f
}

// fee adds up the fee lines of the dossier's channel.
func fee(rec catalog.Record, d Dossier) Finding {
	f := Finding{Task: string(workflow.TaskFee), OK: true, Key: "process.finding.fee"}
	ch, err := channelOf(rec, d.Case, d.Channel)
	if err != nil {
		return f
	}
	var total int64
	for _, fl := range ch.Fees {
		total += fl.Amount
	}
	f.Args = []string{strconv.FormatInt(total, 10)}
	return f
}
