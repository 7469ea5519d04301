package loader

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/metandereogen/maograph/graph/model"
)

func TestMentionsNumber(t *testing.T) {
	tests := []struct {
		quote string
		v     float64
		want  bool
	}{
		{"voor 20 uur per week", 20, true},
		{"met in totaal 11.000 leerlingen", 11000, true},
		{"een tweejarig project", 2, true},
		{"de twaalf knooppunten", 12, true},
		{"tot vijftien locaties", 15, true},
		{"tot vijftien locaties", 5, false},
		{"de helft van de middelen", 0.5, true},
		{"Aan een tiental inspiratietafels", 10, true},
		{"drie scholen", 4, false},
		{"schooljaar 2023-2024", 2023, true},
	}
	for _, tt := range tests {
		if got := mentionsNumber(tt.quote, tt.v); got != tt.want {
			t.Errorf("mentionsNumber(%q, %v) = %v, want %v", tt.quote, tt.v, got, tt.want)
		}
	}
}

func TestParseFactDate(t *testing.T) {
	tests := []struct {
		in        string
		want      model.DatePrecision
		wantFirst string
		wantErr   bool
	}{
		{in: "2023-11-09", want: model.PrecisionDay, wantFirst: "2023-11-09"},
		{in: "2023-01", want: model.PrecisionMonth, wantFirst: "2023-01-01"},
		{in: "2018", want: model.PrecisionYear, wantFirst: "2018-01-01"},
		{in: "2023-2024", want: model.PrecisionSchoolYear, wantFirst: "2023-08-01"},
		{in: "2023-2025", wantErr: true},
		{in: "2023-00", wantErr: true},
		{in: "9 november 2023", wantErr: true},
	}
	for _, tt := range tests {
		d, err := model.ParseFactDate(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseFactDate(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && (d.Precision != tt.want || d.First() != tt.wantFirst) {
			t.Errorf("ParseFactDate(%q) = %s first %s, want %s first %s", tt.in, d.Precision, d.First(), tt.want, tt.wantFirst)
		}
	}
}

// TestParseFacts checks that the valid fixture's facts reach its node, typed and located.
func TestParseFacts(t *testing.T) {
	ds, err := Parse(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Parse(valid) error: %v", err)
	}
	var facts model.Facts
	var text string
	for _, n := range ds.Nodes {
		if n.ID == "initiative-lerende-praktijk" {
			if err := json.Unmarshal([]byte(n.Props["facts"].(string)), &facts); err != nil {
				t.Fatal(err)
			}
			text = n.Props["factText"].(string)
		}
	}
	if len(facts.Quantities) != 2 || facts.Quantities[1].Value != 50 || facts.Quantities[1].Qualifier != "more-than" || facts.Quantities[0].Qualifier != "exact" {
		t.Errorf("quantities = %+v, want 3 scholen (exact) and ruim 50 professionals", facts.Quantities)
	}
	if len(facts.Periods) != 1 || facts.Periods[0].Start.Precision != model.PrecisionSchoolYear || facts.Periods[0].Duration.Value != 4 || facts.Periods[0].Offset < 0 {
		t.Errorf("periods = %+v, want schooljaar 2023-2024 for 4 jaar, located", facts.Periods)
	}
	if len(facts.Goals) != 1 || len(facts.Funding) != 1 || *facts.Funding[0].Share != 0.5 {
		t.Errorf("goals %+v funding %+v, want one goal and half funded by the region", facts.Goals, facts.Funding)
	}
	if text == "" {
		t.Error("factText is empty; search could not find the facts")
	}
}
