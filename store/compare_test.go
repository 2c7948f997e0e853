package store

import (
	"os"
	"reflect"
	"testing"
)

// TestCompareOutputs compares the tables of two legwork outputs given as
// LEGWORK_CMP_A and LEGWORK_CMP_B (skipped when unset): every activity
// column but moving_s, shoes and flags must be identical; the activities
// whose moving_s and the weeks whose duration_s differ are listed. It is how
// a change to moving time is checked against a build from before it.
func TestCompareOutputs(t *testing.T) {
	a, b := os.Getenv("LEGWORK_CMP_A"), os.Getenv("LEGWORK_CMP_B")
	if a == "" || b == "" {
		t.Skip("LEGWORK_CMP_A and LEGWORK_CMP_B not set")
	}
	ra, err := Read(a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(ra.Activities) != len(rb.Activities) {
		t.Fatalf("%d activities, %d", len(ra.Activities), len(rb.Activities))
	}
	moving := 0
	for i := range ra.Activities {
		x, y := ra.Activities[i], rb.Activities[i]
		if x.Moving != y.Moving {
			moving++
			t.Logf("moving_s %s %s (%s): %v -> %v", x.Source, x.Format, x.Sport, x.Moving, y.Moving)
		}
		x.Moving, y.Moving = 0, 0
		if !reflect.DeepEqual(x, y) {
			t.Errorf("activity %d differs:\n%+v\n%+v", i, x, y)
		}
	}
	if len(ra.Weeks) != len(rb.Weeks) {
		t.Fatalf("%d weeks, %d", len(ra.Weeks), len(rb.Weeks))
	}
	for i := range ra.Weeks {
		x, y := ra.Weeks[i], rb.Weeks[i]
		xv, yv := reflect.ValueOf(&x).Elem(), reflect.ValueOf(&y).Elem()
		for f := range xv.NumField() {
			name := xv.Type().Field(f).Name
			if !reflect.DeepEqual(xv.Field(f).Interface(), yv.Field(f).Interface()) {
				t.Logf("week %d %s: %v -> %v", i, name, xv.Field(f).Interface(), yv.Field(f).Interface())
				if name != "Duration" {
					t.Errorf("week %d: %s differs", i, name)
				}
			}
		}
	}
	if !reflect.DeepEqual(ra.Shoes, rb.Shoes) {
		t.Error("shoes differ")
	}
	if !reflect.DeepEqual(ra.Flags, rb.Flags) {
		t.Error("flags differ")
	}
	t.Logf("%d activities, %d with another moving_s; %d weeks", len(ra.Activities), moving, len(ra.Weeks))
}
