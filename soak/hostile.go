package main

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/metandereogen/maograph/hostile"
)

// Goals of issue 13 for the hostile corpus.
const (
	cpuGoal  = 50 * time.Millisecond
	peakGoal = 300 << 20
)

// repeats is how often each case is sent alone: the server's CPU clock ticks in 10 ms, so
// the figure per request is the total over repeats divided by repeats.
const repeats = 10

// runHostile sends every case of the corpus repeats times one by one, reporting the server's
// CPU per request, then the whole corpus at once rounds times, reporting the server's peak
// RSS. It fails when a case gets the wrong answer or a goal is missed.
func runHostile(srv *server, dir string, rounds int) error {
	cases, err := hostile.Load(dir)
	if err != nil {
		return err
	}
	pid := srv.cmd.Process.Pid
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: len(cases)}}
	var problems []string
	fmt.Printf("%-34s %6s %-28s %12s\n", "case", "status", "code", "CPU/request")
	var worst time.Duration
	for _, c := range cases {
		before := hostile.ProcCPU(pid)
		var res hostile.Result
		for range repeats {
			if res, err = c.Send(client, srv.base); err != nil {
				return err
			}
		}
		cpu := (hostile.ProcCPU(pid) - before) / repeats
		worst = max(worst, cpu)
		mark := ""
		if err := c.Check(res); err != nil {
			problems = append(problems, err.Error())
			mark = "  WRONG ANSWER"
		}
		if cpu > cpuGoal {
			problems = append(problems, fmt.Sprintf("%s: %s of server CPU per request, goal %s", c.Name, cpu, cpuGoal))
			mark += "  OVER GOAL"
		}
		fmt.Printf("%-34.34s %6d %-28.28s %12s%s\n", c.Name, res.Status, res.Code, cpu, mark)
	}
	rssBefore, _ := hostile.RSS(pid)
	if err := hostile.ResetPeakRSS(pid); err != nil {
		fmt.Printf("soak: cannot reset the peak RSS (%v); the peak below includes the server's start\n", err)
	}
	began, cpuBefore := time.Now(), hostile.ProcCPU(pid)
	// A connection per request: a reused one that the server has just closed would show up
	// as a transport error of the client, not an answer of the server.
	burst := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for range rounds {
		for _, c := range cases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := c.Send(burst, srv.base)
				if err == nil {
					err = c.Check(res)
				}
				if err != nil {
					mu.Lock()
					failed = append(failed, err.Error())
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	burst.CloseIdleConnections()
	rssAfter, peak := hostile.RSS(pid)
	fmt.Printf("\nburst      %d requests (%d rounds of %d cases at once) in %s, server CPU %s\n", rounds*len(cases), rounds, len(cases),
		time.Since(began).Round(time.Millisecond), hostile.ProcCPU(pid)-cpuBefore)
	fmt.Printf("memory     RSS before %d MB, peak during the burst %d MB, after %d MB (goal: peak below %d MB)\n",
		rssBefore>>20, peak>>20, rssAfter>>20, peakGoal>>20)
	fmt.Printf("cpu        the costliest case took %s of server CPU per request (goal: below %s)\n", worst, cpuGoal)
	problems = append(problems, failed...)
	if peak > peakGoal {
		problems = append(problems, fmt.Sprintf("peak RSS %d MB, goal below %d MB", peak>>20, peakGoal>>20))
	}
	if status, _ := srv.get("/healthz"); status != http.StatusOK {
		problems = append(problems, fmt.Sprintf("/healthz %d after the corpus", status))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}
