package main

// End-to-end test of the explorer in a real headless Chromium, against the real server on the
// seeded dev Neo4j (newTestServer). Screenshots go to testdata-out/e2e/.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium or Chrome binary: $CHROME_PATH, or the first
// one on $PATH, or "".
func findChromium() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a fresh headless Chromium and returns a tab context for it.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	chrome := findChromium()
	if chrome == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("explorer e2e: no Chromium found and CI=true (apt-get install chromium, or set CHROME_PATH)")
		}
		t.Skip("explorer e2e: no Chromium found (apt-get install chromium, or set CHROME_PATH); skipping")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chrome, err)
	}
	return ctx
}

// wait evaluates a JavaScript expression every 100ms until it is truthy (15s). It does not use
// chromedp.Poll: that builds its predicate with new Function in the page, which the CSP forbids.
func wait(expr string) chromedp.Action[chromedp.Void] { return waitUpTo(15*time.Second, expr) }

// waitUpTo is wait with another bound, for a page that asks the server a heavy question (on a
// busy machine one answer can take longer than 15s; how long is not what the test checks).
func waitUpTo(limit time.Duration, expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(limit)
		for {
			ok, err := chromedp.Evaluate[bool]("!!("+expr+")")(ctx, t)
			if err != nil && !(navigating(err) && time.Now().Before(deadline)) {
				return chromedp.Void{}, err
			}
			if ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("timed out waiting for %s", expr)
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

// navigating tells whether an evaluation failed because the page was being replaced (a click
// on a link that loads another page): the wait asks again on the new page.
func navigating(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "Execution context was destroyed") ||
		strings.Contains(msg, "Cannot find context with specified id")
}

// check evaluates a JavaScript expression that returns "" when all is well and a problem otherwise.
func check(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		problem, err := chromedp.Evaluate[string](expr)(ctx, t)
		if err != nil {
			return err
		}
		if problem != "" {
			return fmt.Errorf("%s", problem)
		}
		return nil
	})
}

// noCSPViolations fails when the page reported a Content-Security-Policy violation.
var noCSPViolations = check(`(window.__maoCSPViolations || []).length ? "CSP violations: " + window.__maoCSPViolations.join("; ") : ""`)

func TestExplorerE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("explorer e2e: skipped under -short")
	}
	base := newTestServer(t)
	ctx := newBrowser(t)

	out := filepath.Join("testdata-out", "e2e")
	os.RemoveAll(out) // screenshots of this run only
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatalf("mkdir %s: %v", out, err)
	}
	var (
		mu       sync.Mutex
		jsErrors []string
	)
	errorsSoFar := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), jsErrors...) }
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			mu.Lock()
			jsErrors = append(jsErrors, msg)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}

	// Filled in as the steps go.
	var (
		quote        string // the quote of the learning relation followed to the document
		initiative   = "Lerende Praktijk Veenendaal"
		initiativeID = "initiative-lerende-praktijk-veenendaal"
	)

	const graphiqlQuery = `{ initiatives(where: {nameContains: "Buitenkans"}) { nodes { id name } } }`
	steps := []struct {
		name    string
		actions chromedp.Action[chromedp.Void]
	}{
		{"start", chromedp.Steps(
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.CSS(`#zoekveld`)),
			wait(`document.querySelector("main h1")`),
			check(`document.documentElement.lang === "nl" ? "" : "lang is " + document.documentElement.lang`),
			// Keyboard: the first Tab reaches the skip link.
			chromedp.KeyEvent("\t"),
			check(`document.activeElement && document.activeElement.id === "skiplink" ? "" : "first Tab focuses " + (document.activeElement && document.activeElement.outerHTML.slice(0, 80))`),
			noCSPViolations,
		)},
		{"search", chromedp.Steps(
			chromedp.SendKeys(chromedp.CSS(`#zoekveld`), "ouders"),
			chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
			wait(`document.querySelectorAll("main section.group").length > 0`),
			check(`(() => {
				const labels = ["Regio","Initiatief","Organisatie","Persoon","Bouwsteen","Bijeenkomst","Thema","Programma","Publicatie","Werkvorm","Document"];
				const heads = [...document.querySelectorAll("main section.group h2")].map(h => h.textContent);
				if (!heads.every(h => labels.some(l => h.startsWith(l)))) return "group headings not Dutch type labels: " + heads.join(" | ");
				if (!document.querySelector("main section.group[data-type=Initiative]")) return "no Initiatief group; groups: " + heads.join(" | ");
				if (!document.querySelector("main .snippet mark")) return "no <mark> in any snippet";
				if (!location.hash.startsWith("#/zoeken?q=ouders")) return "hash is " + location.hash;
				return "";
			})()`),
		)},
		{"open initiative", chromedp.Steps(
			// The search result if it is there, else search for it by name.
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				sel := `main section.group a[href="#/initiative/` + initiativeID + `"]`
				found, err := chromedp.Evaluate[bool](`!!document.querySelector('`+sel+`')`)(ctx, t)
				if err != nil {
					return err
				}
				if !found {
					_, err := chromedp.Steps(
						check(`(document.getElementById("zoekveld").value = "", "")`),
						chromedp.SendKeys(chromedp.CSS(`#zoekveld`), initiative),
						chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
						wait(`document.querySelector('`+sel+`')`),
					)(ctx, t)
					if err != nil {
						return err
					}
				}
				_, err = chromedp.Click(chromedp.CSS(sel))(ctx, t)
				return err
			}),
			wait(`document.querySelector("main h1") && document.querySelector("main h1").textContent === "`+initiative+`"`),
			wait(`document.querySelectorAll("main .learning blockquote").length > 0`),
			// Scale, period and goal, each with the quote behind it.
			check(`(() => {
				const k = document.querySelector("main .knowledge");
				if (!k) return "no Kerngegevens section";
				const heads = [...k.querySelectorAll("h3")].map(h => h.textContent);
				for (const w of ["Schaal", "Looptijd", "Doelen"]) if (!heads.includes(w)) return "Kerngegevens lacks " + w + "; has " + heads.join(" | ");
				if (!k.textContent.includes("schooljaar 2023-2024")) return "period does not show schooljaar 2023-2024";
				const facts = [...k.querySelectorAll("li.fact")];
				const bare = facts.filter(f => !f.querySelector("blockquote"));
				if (bare.length) return bare.length + " fact(s) without their quote";
				return "";
			})()`),
			wait(`window.__maoNetwork && window.__maoNetwork.nodes().length > 1 && document.querySelector(".cy canvas")`),
			// The list beside the picture is built when it is opened.
			check(`(document.querySelector("main .network-slot details.netlist").open = true, "")`),
			wait(`document.querySelector(".network-nodes a")`),
			chromedp.Sleep(500*time.Millisecond), // let cytoscape paint
			check(`(() => {
				const cy = window.__maoNetwork;
				const want = ["Lerende Praktijk Veenendaal", "Lerende Praktijk Amsterdam", "Vreedzame School en Vreedzame Wijk", "Dick van Wijngaarden"];
				const names = cy.nodes().map(n => n.data("label"));
				const listed = [...document.querySelectorAll(".network-nodes a")].map(a => a.textContent);
				for (const w of want) {
					if (!names.includes(w)) return "network picture lacks " + w + "; has " + names.join(", ");
					if (!listed.includes(w)) return "network list lacks " + w;
				}
				// The canvas must actually show something.
				let painted = 0;
				for (const c of document.querySelectorAll(".cy canvas")) {
					if (!c.width || !c.height) continue;
					const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
					for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
				}
				if (painted < 500) return "network canvas is (nearly) empty: " + painted + " painted pixels";
				return "";
			})()`),
			wait(`document.querySelector(".similar .similar-list li, .similar p.muted")`),
			noCSPViolations,
		)},
		{"phone width", chromedp.Steps(
			chromedp.EmulateViewport(375, 812),
			chromedp.Sleep(300*time.Millisecond),
			check(`document.documentElement.scrollWidth <= window.innerWidth + 1 ? "" : "horizontal scroll at 375px: " + document.documentElement.scrollWidth`),
		)},
		{"follow learning relation", chromedp.Steps(
			chromedp.EmulateViewport(1280, 900),
			chromedp.Click(chromedp.CSS(`main .learning .relation a[href="#/initiative/initiative-lerende-praktijk-amsterdam"]`)),
			wait(`document.querySelector("main h1") && document.querySelector("main h1").textContent === "Lerende Praktijk Amsterdam"`),
			wait(`document.querySelector('main .learning .relation a[href="#/initiative/`+initiativeID+`"]')`),
			wait(`window.__maoNetwork && window.__maoNetwork.$id("initiative-lerende-praktijk-amsterdam").length === 1`),
		)},
		{"open document at passage", chromedp.Steps(
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				q, err := chromedp.Evaluate[string](`document.querySelector("main .learning .relation blockquote").textContent.replace(/^“|”$/g, "")`)(ctx, t)
				quote = q
				return err
			}),
			chromedp.Click(chromedp.CSS(`main .learning .relation a.doclink`)),
			wait(`location.hash.startsWith("#/document/") && document.querySelector("mark#passage")`),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := check(`(() => {
					const fold = s => s.replace(/\s+/g, " ").replace(/[‘’]/g, "'").replace(/[“”„]/g, '"').trim();
					const mark = document.querySelector("mark#passage");
					const want = `+jsString(quote)+`;
					if (fold(mark.textContent) !== fold(want)) return "highlighted " + JSON.stringify(mark.textContent) + ", want the quote " + JSON.stringify(want);
					const r = mark.getBoundingClientRect();
					if (r.bottom < 0 || r.top > window.innerHeight) return "passage not scrolled into view: top " + r.top;
					if (document.activeElement !== mark) return "passage does not have focus";
					return "";
				})()`)(ctx, t)
				return err
			}),
			noCSPViolations,
		)},
		{"region overview", chromedp.Steps(
			chromedp.Navigate(base+"/#/regio-overzicht?per=thema&wat=initiatieven&scope=VIA"),
			wait(`document.querySelectorAll("table.matrix[data-scope=VIA] tbody tr").length > 1`),
			check(`/^\d+$/.test(document.querySelector("table.matrix td[data-column] a.n").textContent) ? "" : "matrix cells lack numbers"`),
			// The scopes add up: a region's direct and via members are its members in all.
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				sums := map[string]map[string]int{}
				for _, scope := range []string{"DIRECT", "VIA", "ALL"} {
					var got map[string]int
					_, err := chromedp.Steps(
						chromedp.Navigate(base+"/#/regio-overzicht?per=thema&wat=initiatieven&scope="+scope),
						wait(`document.querySelector("table.matrix[data-scope=`+scope+`]")`),
					)(ctx, t)
					if err == nil {
						got, err = chromedp.Evaluate[map[string]int](`Object.fromEntries([...document.querySelectorAll("table.matrix tbody tr")].map(tr => [tr.dataset.key, +tr.querySelector("td.sum").dataset.count]))`)(ctx, t)
					}
					if err != nil {
						return err
					}
					sums[scope] = got
				}
				for key, all := range sums["ALL"] {
					if d, v := sums["DIRECT"][key], sums["VIA"][key]; d+v != all {
						return fmt.Errorf("region %s: direct %d + via %d is not all %d", key, d, v, all)
					}
				}
				return nil
			}),
		)},
		// One number per dimension opens its list: as many members as the number, each with a quote.
		{"region number opens its list", overviewNumberOpensList(base, "VIA", `tbody td.sum a.n`)},
		{"theme number opens its list", overviewNumberOpensList(base, "ALL", `tfoot td.sum a.n`)},
		{"whole network", chromedp.Steps(
			// Hash navigation keeps the page, and with it the previous page's picture: forget
			// it, so the wait below sees the whole network's own.
			check(`(window.__maoNetwork = undefined, "")`),
			chromedp.Navigate(base+"/#/netwerk"),
			wait(`window.__maoNetwork && window.__maoNetwork.nodes().length > 10 && !document.querySelector("main").textContent.includes("laden")`),
			noCSPViolations,
		)},
		{"graphiql", chromedp.Steps(
			chromedp.Navigate(base+"/graphiql"),
			wait(`document.querySelector(".graphiql-query-editor .CodeMirror")`),
			// Type the query in, as a user would (CodeMirror closes brackets as you type; typing
			// the closing one steps over it).
			check(`(document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(""), "")`),
			chromedp.Click(chromedp.CSS(`.graphiql-query-editor .CodeMirror-lines`)),
			chromedp.SendKeys(chromedp.CSS(`.graphiql-query-editor textarea`), graphiqlQuery),
			check(`(() => { const v = document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.getValue(); return v.replace(/\s+/g, "") === `+jsString(strings.ReplaceAll(graphiqlQuery, " ", ""))+` ? "" : "editor holds " + JSON.stringify(v); })()`),
			chromedp.Click(chromedp.CSS(`.graphiql-execute-button`)),
			wait(`(document.querySelector(".graphiql-response") || {}).textContent && document.querySelector(".graphiql-response").textContent.includes("initiative-buitenkans")`),
			noCSPViolations,
		)},
	}
	for i, st := range steps {
		shot := filepath.Join(out, fmt.Sprintf("%02d-%s", i+1, strings.ReplaceAll(st.name, " ", "-")))
		if _, err := chromedp.Run(ctx, st.actions); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
			screenshot(ctx, t, shot+"-FAILED.png")
			t.Fatalf("step %q: %v\nat %s\npage text: %s\nJS errors: %v", st.name, err, loc, body, errorsSoFar())
		}
		screenshot(ctx, t, shot+".png")
	}
	if errs := errorsSoFar(); len(errs) > 0 {
		t.Errorf("JavaScript exceptions: %v", errs)
	}
}

func screenshot(ctx context.Context, t *testing.T, file string) {
	t.Helper()
	for name, shot := range map[string]chromedp.Action[[]byte]{
		file: chromedp.CaptureScreenshot(), // what the user sees
		strings.TrimSuffix(file, ".png") + "-full.png": chromedp.FullScreenshot(100),
	} {
		buf, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Logf("screenshot %s: %v", name, err)
			continue
		}
		if err := os.WriteFile(name, buf, 0o644); err != nil {
			t.Logf("write %s: %v", name, err)
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `"` + r.Replace(s) + `"`
}

// overviewNumberOpensList clicks the first non-zero total (sel, inside the matrix) of the
// Regio-overzicht in scope and checks that the list it opens has exactly that many members,
// each shown with the quote of every step that makes it one.
func overviewNumberOpensList(base, scope, sel string) chromedp.Action[chromedp.Void] {
	var want string
	sel = `table.matrix[data-scope=` + scope + `] ` + sel
	return chromedp.Steps(
		chromedp.Navigate(base+"/#/regio-overzicht?per=thema&wat=initiatieven&scope="+scope),
		wait(`document.querySelectorAll(`+jsString(sel)+`).length > 0`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			n, err := chromedp.Evaluate[string](`(() => {
				const a = [...document.querySelectorAll(`+jsString(sel)+`)].find(a => Number(a.textContent) > 0);
				if (!a) return "";
				a.setAttribute("id", "open-me");
				return a.textContent;
			})()`)(ctx, t)
			if err == nil && n == "" {
				err = fmt.Errorf("no non-zero %s number at %s", scope, sel)
			}
			want = n
			return err
		}),
		chromedp.Click(chromedp.CSS(`#open-me`)),
		wait(`location.hash.startsWith("#/leden/") && document.querySelector("main .total")`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := check(`(() => {
				const want = `+jsString(want)+`;
				const total = document.querySelector("main .total");
				if (total.dataset.total !== want) return "the list says " + total.dataset.total + ", the overview " + want;
				const items = document.querySelectorAll("ol.members > li");
				if (Number(want) <= 100 && items.length !== Number(want)) return items.length + " members listed, the overview says " + want;
				for (const li of items) {
					if (`+jsString(scope)+` !== "ALL" && li.dataset.scope !== `+jsString(scope)+`) return li.dataset.id + " is " + li.dataset.scope;
					if (!li.querySelector("ol.path li.step blockquote")) return li.dataset.id + " is listed without a quote";
				}
				return "";
			})()`)(ctx, t)
			return err
		}),
		noCSPViolations,
	)
}
