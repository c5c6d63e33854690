package pgstore_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
)

func readSeedUnits(t *testing.T) []org.SeedUnit {
	t.Helper()
	data, err := os.ReadFile("../../testdata/seed/units.json")
	if err != nil {
		t.Fatal(err)
	}
	units, err := org.ParseSeed(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return units
}

func TestUnitStoreUpsertSeed(t *testing.T) {
	ctx := context.Background()
	store := pgstore.NewUnitStore(dbtest.Open(t))
	seed := readSeedUnits(t)

	added, changed, err := store.Upsert(ctx, seed)
	if err != nil {
		t.Fatalf("first Upsert: %v", err)
	}
	if added != len(seed) || changed != 0 {
		t.Errorf("first Upsert = %d added, %d changed; want %d, 0", added, changed, len(seed))
	}

	added, changed, err = store.Upsert(ctx, seed)
	if err != nil {
		t.Fatalf("second Upsert: %v", err)
	}
	if added != 0 || changed != 0 {
		t.Errorf("second Upsert = %d added, %d changed; want 0, 0", added, changed)
	}

	renamed := append([]org.SeedUnit(nil), seed...)
	renamed[3].Name += " (đổi tên)"
	added, changed, err = store.Upsert(ctx, renamed)
	if err != nil {
		t.Fatalf("Upsert with a new name: %v", err)
	}
	if added != 0 || changed != 1 {
		t.Errorf("Upsert with a new name = %d added, %d changed; want 0, 1", added, changed)
	}
	got, err := store.GetByCode(ctx, renamed[3].Code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != renamed[3].Name {
		t.Errorf("renamed unit name = %q, want %q", got.Name, renamed[3].Name)
	}

	list, err := store.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(seed) {
		t.Errorf("List() = %d units, want %d", len(list), len(seed))
	}
	for i := 1; i < len(list); i++ {
		a, b := list[i-1], list[i]
		if a.SortOrder > b.SortOrder || (a.SortOrder == b.SortOrder && a.Name > b.Name) {
			t.Errorf("List() not ordered at %d: %q (%d) before %q (%d)", i, a.Name, a.SortOrder, b.Name, b.SortOrder)
			break
		}
	}
	if roots := org.Tree(list); len(roots) != 1 || len(roots[0].Children) != 1+11+1+92 {
		t.Errorf("Tree(List()) = %d roots; want 1 root with 105 children", len(roots))
	}
}

func TestUnitStoreUpsertParents(t *testing.T) {
	ctx := context.Background()
	store := pgstore.NewUnitStore(dbtest.Open(t))

	root := org.SeedUnit{Code: "000.00.00.H19", Name: "UBND tỉnh", Kind: org.KindProvince, AdminCode: "19"}
	if _, _, err := store.Upsert(ctx, []org.SeedUnit{root}); err != nil {
		t.Fatal(err)
	}
	// The parent is already stored, not in this slice.
	office := org.SeedUnit{Code: "000.00.01.H19", Name: "Văn phòng UBND tỉnh", Kind: org.KindOffice, ParentCode: root.Code, SortOrder: 1}
	added, changed, err := store.Upsert(ctx, []org.SeedUnit{office})
	if err != nil || added != 1 || changed != 0 {
		t.Fatalf("Upsert(office) = %d, %d, %v; want 1, 0, nil", added, changed, err)
	}

	// An unknown parent rolls back the whole batch.
	batch := []org.SeedUnit{
		{Code: "000.00.02.H19", Name: "Sở Nội vụ", Kind: org.KindDepartment, ParentCode: root.Code},
		{Code: "001.00.50.H19", Name: "UBND Xã A", Kind: org.KindCommune, ParentCode: "000.00.99.H19"},
	}
	if _, _, err := store.Upsert(ctx, batch); err == nil {
		t.Fatal("Upsert with an unknown parent succeeded")
	}
	if _, err := store.GetByCode(ctx, batch[0].Code); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("unit from the failed batch: err = %v, want ErrNotFound", err)
	}

	// Moving a unit to another parent counts as a change.
	centre := org.SeedUnit{Code: "000.01.01.H19", Name: "TTPVHCC", Kind: org.KindServiceCentre, ParentCode: office.Code, Reception: true}
	if _, _, err := store.Upsert(ctx, []org.SeedUnit{centre}); err != nil {
		t.Fatal(err)
	}
	centre.ParentCode = root.Code
	added, changed, err = store.Upsert(ctx, []org.SeedUnit{centre})
	if err != nil || added != 0 || changed != 1 {
		t.Fatalf("Upsert(moved centre) = %d, %d, %v; want 0, 1, nil", added, changed, err)
	}
}

func TestUnitStoreGet(t *testing.T) {
	ctx := context.Background()
	store := pgstore.NewUnitStore(dbtest.Open(t))
	seed := []org.SeedUnit{
		{Code: "000.00.00.H19", Name: "UBND tỉnh Thái Nguyên", ShortName: "UBND tỉnh", Kind: org.KindProvince, AdminCode: "19"},
		{Code: "001.00.50.H19", Name: "UBND Phường Phan Đình Phùng", ShortName: "Phường Phan Đình Phùng", Kind: org.KindCommune, ParentCode: "000.00.00.H19", AdminCode: "05443", SortOrder: 101},
		{Code: "001.01.50.H19", Name: "Trung tâm Phục vụ hành chính công Phường Phan Đình Phùng", Kind: org.KindCommuneCentre, ParentCode: "001.00.50.H19", Reception: true, SortOrder: 1},
	}
	if _, _, err := store.Upsert(ctx, seed); err != nil {
		t.Fatal(err)
	}

	root, err := store.GetByCode(ctx, seed[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	commune, err := store.GetByCode(ctx, seed[1].Code)
	if err != nil {
		t.Fatal(err)
	}
	want := org.Unit{
		Code: seed[1].Code, Name: seed[1].Name, ShortName: seed[1].ShortName, Kind: org.KindCommune,
		ParentID: root.ID, AdminCode: "05443", Active: true, SortOrder: 101,
	}
	if diff := cmp.Diff(want, commune, cmpopts.IgnoreFields(org.Unit{}, "ID")); diff != "" {
		t.Errorf("GetByCode() mismatch (-want +got):\n%s", diff)
	}
	if root.ParentID != 0 {
		t.Errorf("root ParentID = %d, want 0", root.ParentID)
	}

	byID, err := store.Get(ctx, commune.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(commune, byID); diff != "" {
		t.Errorf("Get() mismatch (-GetByCode +Get):\n%s", diff)
	}
	centre, err := store.GetByCode(ctx, seed[2].Code)
	if err != nil {
		t.Fatal(err)
	}
	if centre.ParentID != commune.ID || !centre.Reception {
		t.Errorf("centre = %+v, want a reception unit under %d", centre, commune.ID)
	}

	if _, err := store.Get(ctx, 999999); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("Get(missing) err = %v, want ErrNotFound", err)
	}
	if _, err := store.GetByCode(ctx, "999.99.99.H19"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("GetByCode(missing) err = %v, want ErrNotFound", err)
	}
}
