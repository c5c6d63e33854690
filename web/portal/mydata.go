package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/web/webctx"
)

// DataHandler gives a person the data the portal holds about them, as one
// JSON file (the data subject's right of access, Decree 13/2023/NĐ-CP):
// the account, the notification choices, their dossiers with answers,
// files (described, not attached), public timeline and rating, and their
// messages.
type DataHandler struct {
	Dossiers interface {
		Mine(ctx context.Context, actor account.User, page, perPage int) ([]dossier.Dossier, int, error)
		View(ctx context.Context, viewer account.User, code string) (dossier.Full, error)
		RatingOf(ctx context.Context, viewer account.User, d dossier.Dossier) (dossier.Rating, error)
	}
	Notify interface {
		Prefs(ctx context.Context, userID int64) (notify.Prefs, error)
		Inbox(ctx context.Context, userID int64, page, perPage int) ([]notify.Delivery, int, error)
	}
	Now func() time.Time
}

type myData struct {
	ExportedAt time.Time   `json:"exported_at"`
	Account    myAccount   `json:"account"`
	Channels   myChannels  `json:"notification_channels"`
	Dossiers   []myDossier `json:"dossiers"`
	Messages   []myMessage `json:"messages"`
}

type myAccount struct {
	FullName   string    `json:"full_name"`
	PersonalID string    `json:"personal_id,omitempty"`
	TaxCode    string    `json:"tax_code,omitempty"`
	Email      string    `json:"email"`
	Phone      string    `json:"phone"`
	Role       string    `json:"role"`
	Language   string    `json:"language"`
	CreatedAt  time.Time `json:"created_at"`
}

type myChannels struct {
	Email bool `json:"email"`
	SMS   bool `json:"sms"`
}

type myDossier struct {
	Code          string                     `json:"code"`
	Procedure     string                     `json:"procedure_code"`
	ProcedureName string                     `json:"procedure_name"`
	Status        int                        `json:"status"`
	Channel       int                        `json:"channel"`
	Applicant     dossier.Applicant          `json:"applicant"`
	Answers       eform.Answers              `json:"answers"`
	Prefilled     map[string]dossier.Prefill `json:"prefilled,omitempty"`
	SubmittedAt   time.Time                  `json:"submitted_at"`
	ReceivedAt    *time.Time                 `json:"received_at,omitempty"`
	DueAt         *time.Time                 `json:"due_at,omitempty"`
	ReturnedAt    *time.Time                 `json:"returned_at,omitempty"`
	Files         []myFile                   `json:"files"`
	Timeline      []myEvent                  `json:"timeline"`
	Rating        *myRating                  `json:"rating,omitempty"`
}

type myFile struct {
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	Size     int64     `json:"size"`
	SHA256   string    `json:"sha256"`
	Uploaded time.Time `json:"uploaded_at"`
}

type myEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	Status int       `json:"status,omitempty"`
	Note   string    `json:"note,omitempty"`
}

type myRating struct {
	Score   int       `json:"score"`
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
}

type myMessage struct {
	At      time.Time `json:"at"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
}

// MyData downloads the signed-in person's data as JSON.
func (h *DataHandler) MyData(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	u := *r.User
	out := myData{ExportedAt: h.Now(), Dossiers: []myDossier{}, Messages: []myMessage{},
		Account: myAccount{FullName: u.FullName, PersonalID: u.PersonalID, TaxCode: u.TaxCode, Email: u.Email,
			Phone: u.Phone, Role: string(u.Role), Language: u.Locale, CreatedAt: u.CreatedAt}}
	prefs, err := h.Notify.Prefs(ctx, u.ID)
	if err != nil {
		return err
	}
	out.Channels = myChannels{Email: prefs.Email, SMS: prefs.SMS}
	if !u.Role.Staff() {
		if out.Dossiers, err = h.dossiers(ctx, u); err != nil {
			return err
		}
	}
	err = eachPage(func(page int) ([]notify.Delivery, int, error) { return h.Notify.Inbox(ctx, u.ID, page, exportPage) },
		func(m notify.Delivery) error {
			out.Messages = append(out.Messages, myMessage{At: m.CreatedAt, Subject: m.Subject, Body: m.Body})
			return nil
		})
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	h2 := c.Response().Header()
	h2.Set("Content-Disposition", `attachment; filename="du-lieu-ca-nhan.json"`)
	h2.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", b)
}

// dossiers lists every dossier of the applicant with what they may see
// of it.
func (h *DataHandler) dossiers(ctx context.Context, u account.User) ([]myDossier, error) {
	out := []myDossier{}
	err := eachPage(func(page int) ([]dossier.Dossier, int, error) { return h.Dossiers.Mine(ctx, u, page, exportPage) },
		func(d dossier.Dossier) error {
			full, err := h.Dossiers.View(ctx, u, d.Code)
			if err != nil {
				return err
			}
			x := exportDossier(full)
			if rt, err := h.Dossiers.RatingOf(ctx, u, full.Dossier); err == nil {
				x.Rating = &myRating{Score: int(rt.Score), Comment: rt.Comment, At: rt.CreatedAt}
			}
			out = append(out, x)
			return nil
		})
	return out, err
}

// exportPage is how many items the export reads at a time.
const exportPage = 100

// eachPage calls fn with every item of a paged list (fetch returns a page,
// from 1, and the total).
func eachPage[T any](fetch func(page int) ([]T, int, error), fn func(T) error) error {
	for page := 1; ; page++ {
		items, total, err := fetch(page)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if page*exportPage >= total || len(items) == 0 {
			return nil
		}
	}
}

func exportDossier(full dossier.Full) myDossier {
	d := full.Dossier
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	x := myDossier{Code: d.Code, Procedure: d.Procedure, ProcedureName: d.ProcedureName, Status: int(d.Status),
		Channel: int(d.Channel), Applicant: d.Applicant, Answers: d.Answers, Prefilled: d.Prefilled,
		SubmittedAt: d.SubmittedAt, ReceivedAt: at(d.ReceivedAt), DueAt: at(d.DueAt), ReturnedAt: at(d.ReturnedAt),
		Files: []myFile{}, Timeline: []myEvent{}}
	for _, f := range full.Files {
		x.Files = append(x.Files, myFile{Name: f.Name, Type: string(f.Type), Size: f.Size, SHA256: f.SHA256, Uploaded: f.CreatedAt})
	}
	for _, e := range full.Events {
		x.Timeline = append(x.Timeline, myEvent{At: e.At, Action: e.Action, Status: int(e.To), Note: e.Note})
	}
	return x
}
