package audit

import (
	"reflect"
	"testing"
)

func TestChangesAddKeepsOnlyChangedFields(t *testing.T) {
	var c Changes
	c.Add("name", "An", "An")
	c.Add("phone", "0912", "0987")
	c.Add("unit", "", "7")
	want := Changes{{Field: "phone", Old: "0912", New: "0987"}, {Field: "unit", Old: "", New: "7"}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("changes = %+v, want %+v", c, want)
	}
}
