package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// TestWorkerWokenByEveryCommit: with the draft cleaner and the job worker
// both running on hourly rounds, each commit that queues work wakes the
// worker, which does it within moments: the cleaner never takes the
// worker's wake-up (an automatic step would otherwise wait for the next
// round).
func TestWorkerWokenByEveryCommit(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { env.App.CleanDrafts(ctx, time.Hour); done <- struct{}{} }()
	go func() { env.App.Work(ctx, time.Hour); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
	time.Sleep(300 * time.Millisecond) // both finish their first round and wait

	citizen, clerk := env.Users[account.RoleCitizen], env.Users[account.RoleClerk]
	for i := range 3 {
		d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
		env.Act(t, d.Code, 0, apptest.Step{Who: clerk, Action: workflow.ActionReceive}) // queues the receipt
		deadline := time.Now().Add(10 * time.Second)
		for {
			jobs, err := env.App.DossierStore.PendingJobs(ctx, dossier.JobDocument, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("dossier %d: the receipt's job still waits 10 s after the commit that queued it", i+1)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
