package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
)

// BenchmarkNotificationWorker measures the worker's throughput: each
// iteration queues a batch of status events for one applicant (an inbox
// message and an e-mail each, the e-mail over SMTP to a real server on
// loopback) and runs 1 or 4 workers until everything is sent. It reports
// deliveries per second.
func BenchmarkNotificationWorker(b *testing.B) {
	const batch = 100
	for _, workers := range []int{1, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			mail := smtptest.Start(b)
			env := apptest.New(b, func(c *config.Config) { c.SMTPAddr = mail.Addr })
			env.OpenProcedures(b)
			ctx := context.Background()
			d := submit(b, env, env.Users[account.RoleCitizen])
			db := env.App.DB.SQL()
			drain := func() int {
				var (
					mu    sync.Mutex
					total int
					wg    sync.WaitGroup
				)
				for range workers {
					wg.Go(func() {
						for {
							if _, err := env.App.Notify.Expand(ctx); err != nil {
								b.Error(err)
								return
							}
							n, err := env.App.Notify.Deliver(ctx)
							if err != nil {
								b.Error(err)
								return
							}
							mu.Lock()
							total += n
							mu.Unlock()
							if n == 0 {
								return
							}
						}
					})
				}
				wg.Wait()
				return total
			}
			drain() // the submission's own notification
			sent := 0
			var busy time.Duration
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				if _, err := db.ExecContext(ctx, `INSERT INTO outbox_events (dossier_id, kind, payload)
					SELECT $1, 'receive', jsonb_build_object('code', $2::text, 'status', 2) FROM generate_series(1, $3)`,
					d.ID, d.Code, batch); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				sent += drain()
				busy += time.Since(start)
			}
			b.StopTimer()
			if want := 2 * batch * b.N; sent < want {
				b.Fatalf("sent %d deliveries, want %d", sent, want)
			}
			b.ReportMetric(float64(sent)/busy.Seconds(), "deliveries/s")
		})
	}
}
