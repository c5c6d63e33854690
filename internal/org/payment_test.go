package org

import (
	"slices"
	"testing"
)

func TestPaymentCheck(t *testing.T) {
	bank := Payment{AccountHolder: " UBND  Phường Đức Xuân ", Bank: "Kho bạc", AccountNumber: "3511 0000 15050",
		TransferNote: "{code} nop phi"}
	for name, tc := range map[string]struct {
		in   Payment
		want []string // fields with an error
	}{
		"blank clears":          {Payment{}, nil},
		"bank account":          {bank, nil},
		"counter only":          {Payment{CounterAddress: "Quầy 3", CounterHours: "07:30-17:00"}, nil},
		"number without bank":   {Payment{AccountNumber: "123456"}, []string{"account_holder", "bank", "transfer_note"}},
		"letters in number":     {Payment{AccountHolder: "A", Bank: "B", AccountNumber: "12a456", TransferNote: "{code}"}, []string{"account_number"}},
		"note without code":     {Payment{AccountHolder: "A", Bank: "B", AccountNumber: "123456", TransferNote: "nop phi"}, []string{"transfer_note"}},
		"counter without hours": {Payment{CounterAddress: "Quầy 3"}, []string{"counter_hours"}},
		"hours without counter": {Payment{CounterHours: "07:30-17:00"}, []string{"counter_address"}},
	} {
		p := tc.in
		var got []string
		for _, e := range p.Check() {
			got = append(got, e.Field)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: errors on %v, want %v", name, got, tc.want)
		}
	}
	p := bank
	if errs := p.Check(); len(errs) > 0 {
		t.Fatalf("the bank details are refused: %v", errs)
	}
	if p.AccountHolder != "UBND Phường Đức Xuân" || p.AccountNumber != "3511000015050" {
		t.Errorf("not trimmed: %q %q", p.AccountHolder, p.AccountNumber)
	}
	if got := p.TransferFor("001.01.50.H19-261201-0001"); got != "001.01.50.H19-261201-0001 nop phi" {
		t.Errorf("TransferFor = %q", got)
	}
	if ch := p.Changes(Payment{}); len(ch) != 4 || ch[0].Field != "account_holder" {
		t.Errorf("Changes = %+v", ch)
	}
}
