package dossier

import (
	"testing"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
)

// TestFeeAndTimeComeFromTheSameChannel: a walk-in dossier of a case whose
// desk channel is not available takes its legal time and its fee from the
// same (first available) channel.
func TestFeeAndTimeComeFromTheSameChannel(t *testing.T) {
	rec := catalog.Record{Code: "1.000001", Cases: []catalog.Case{{Channels: []catalog.Channel{
		{Kind: catalog.ChannelDirect, NotAvailable: true, Duration: 10, Unit: catalog.WorkingDays,
			Fees: []catalog.Fee{{Amount: 50000}}},
		{Kind: catalog.ChannelOnline, Duration: 3, Unit: catalog.WorkingDays, Fees: []catalog.Fee{{Amount: 10000}, {Amount: 5000}}},
	}}}}
	d := Dossier{Case: 0, Channel: ChannelDirect}
	dur, err := legalDuration(rec, 0, ChannelDirect)
	if err != nil || dur != (calendar.Duration{Amount: 3, Unit: calendar.WorkingDays}) {
		t.Errorf("legal time %+v, %v", dur, err)
	}
	if f := fee(rec, d); len(f.Args) != 1 || f.Args[0] != "15000" {
		t.Errorf("fee %v, want 15000 (the online channel's)", f.Args)
	}
}
