package model

import "testing"

// Every label of the vocabulary has its Go type, which reports the label back.
func TestNewEntityKnowsEveryLabel(t *testing.T) {
	for _, l := range Labels {
		e := NewEntity(l, Common{ID: "x"})
		if e == nil {
			t.Errorf("NewEntity(%q) = nil, want its type", l)
			continue
		}
		if got := e.(interface{ Base() *Common }).Base().Label; got != l {
			t.Errorf("NewEntity(%q) has label %q", l, got)
		}
	}
	if NewEntity("Node", Common{}) != nil {
		t.Error("NewEntity(Node) is an entity, want nil: Node is no type of its own")
	}
}
