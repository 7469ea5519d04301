package store

import (
	"context"
	"errors"
	"testing"
)

// TestOnePlanInTheMakingPerText: while the first run of a text is under way, the others of
// that text wait; when it answers they run without waiting, when it fails the next one becomes
// the first; other texts never wait; an outage forgets what was planned.
func TestOnePlanInTheMakingPerText(t *testing.T) {
	var p plans
	ctx := context.Background()
	type entered struct {
		first bool
		done  func(bool)
		err   error
	}
	enter := func(text string) <-chan entered {
		ch := make(chan entered, 1)
		go func() {
			first, done, err := p.enter(ctx, text)
			ch <- entered{first, done, err}
		}()
		return ch
	}
	a := <-enter("A")
	if !a.first || a.err != nil {
		t.Fatalf("first enter of A = %v, %v; want first", a.first, a.err)
	}
	if b := <-enter("B"); !b.first {
		t.Fatal("B waited for A: texts must not wait for each other")
	} else {
		b.done(true)
	}
	waiter := enter("A") // waits: were it let through, it would not become the first below
	cctx, cancel := context.WithCancelCause(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, _, err := p.enter(cctx, "A")
		gaveUp <- err
	}()
	why := errors.New("request deadline")
	cancel(why)
	if err := <-gaveUp; !errors.Is(err, why) {
		t.Fatalf("a waiter whose context ended got %v, want its cause", err)
	}

	a.done(false) // the first run failed: the waiter becomes the one that plans
	w := <-waiter
	if !w.first {
		t.Fatal("after a failed first run the waiter did not become the first")
	}
	w.done(true)
	if again := <-enter("A"); again.first || again.err != nil {
		t.Fatalf("enter after A answered = %v, %v; want to run at once on its plan", again.first, again.err)
	}

	p.forget()
	late := <-enter("A")
	if !late.first {
		t.Fatal("after an outage A still counted as planned")
	}
	c := <-enter("C")
	p.forget() // C's first run began before this outage: its answer proves no plan after it
	c.done(true)
	if c2 := <-enter("C"); !c2.first {
		t.Fatal("a first run that began before the outage marked C as planned")
	}
	late.done(true)
}
