package serve_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhijian-qa/zhijian/pkg/internal/browsertest"
	"github.com/zhijian-qa/zhijian/pkg/internal/storetest"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/serve"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// workbench serves a store holding testdata/calls and a batch of every call.
func workbench(t *testing.T, token string) (*store.Store, *httptest.Server) {
	t.Helper()
	s, rb := storetest.Batch(t, "../../testdata/calls", "w49")
	return s, serveStore(t, serve.Options{Store: s, Rulebook: rb, Reviewer: "王敏", Token: token})
}

// serveStore serves a workbench with these options until the test ends.
func serveStore(t *testing.T, o serve.Options) *httptest.Server {
	t.Helper()
	srv, err := serve.New(o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs
}

// firstCallWithFindings is the batch's first call that has findings.
func firstCallWithFindings(t *testing.T, s *store.Store) store.Call {
	t.Helper()
	_, calls, err := s.BatchCalls(context.Background(), "w49")
	if err != nil {
		t.Fatal(err)
	}
	// Above 70 no scorecard section has lost all its points (the smallest is worth
	// 30), so each finding's points come back when it is overturned.
	for _, c := range calls {
		if len(c.Findings) >= 2 && c.Score != nil && *c.Score > 70 && c.Findings[0].Deduct > 0 {
			return c
		}
	}
	t.Fatal("no call with two findings and a score above 70")
	return store.Call{}
}

// A reviewer's whole path in a real browser: the queue, the batch, a call; r rejects
// the selected finding, c confirms the next, a missed violation is added; the store
// holds the three, under the reviewer's name, and the dashboard's agreement table shows
// what the store's reviews give.
func TestReviewerPath(t *testing.T) {
	s, hs := workbench(t, "")
	ctx := browsertest.New(t)
	target := firstCallWithFindings(t, s)
	browsertest.Do(t, ctx,
		chromedp.Navigate(hs.URL+"/"),
		chromedp.WaitVisible(`#batches a`),
		chromedp.Click(`#batches a`),
		chromedp.WaitVisible(`#calls`),
		chromedp.Navigate(hs.URL+"/batch/w49/call/"+target.ID),
		chromedp.WaitVisible(`#findings li.selected`),
		chromedp.KeyEvent("r"),
		chromedp.WaitVisible(`#findings li.reject`),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("c"),
		chromedp.WaitVisible(`#findings li.confirm`),
		chromedp.SetValue(`#missed input[name=line]`, "3"),
		chromedp.SetValue(`#missed input[name=concept]`, "rude-attitude"),
		chromedp.Click(`#missed button`),
		chromedp.WaitVisible(`#missed-list`),
	)
	reviews, err := s.Reviews(context.Background(), "w49")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range reviews {
		if r.Reviewer != "王敏" || r.CallID != target.ID {
			t.Errorf("review %+v, want 王敏's of %s", r, target.ID)
		}
		got[r.Decision]++
	}
	if got[store.Reject] != 1 || got[store.Confirm] != 1 || got[store.Missed] != 1 {
		t.Errorf("reviews %v, want one each of reject, confirm, missed", got)
	}
	// The dashboard's figures are the store's.
	reviewed, _ := s.ReviewedCalls(context.Background(), "")
	rb, _ := pipeline.LoadRulebook(pipeline.Config{}, nil)
	want := review.Agreement(rb, reviewed)
	browsertest.Do(t, ctx, chromedp.Navigate(hs.URL+"/dashboard"), chromedp.WaitVisible(`#agreement`))
	rows := browsertest.JS[[]string](t, ctx, `Array.from(document.querySelectorAll('#agreement tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent).join(' '))`)
	if len(rows) != len(want.PerConcept) {
		t.Fatalf("dashboard rows %q, want %d concepts", rows, len(want.PerConcept))
	}
	for i, c := range want.PerConcept {
		if !strings.HasPrefix(rows[i], c.Concept+" ") || !strings.Contains(rows[i], " "+strconv.Itoa(c.TP)+" "+strconv.Itoa(c.FP)+" "+strconv.Itoa(c.FN)+" ") {
			t.Errorf("dashboard row %q, want %s with TP %d FP %d FN %d", rows[i], c.Concept, c.TP, c.FP, c.FN)
		}
	}
	// A disagreement leads to its call.
	browsertest.Do(t, ctx, chromedp.Click(`#disagreements a`), chromedp.WaitVisible(`#findings`))
	if url := browsertest.JS[string](t, ctx, `location.pathname`); url != "/batch/w49/call/"+target.ID {
		t.Errorf("a disagreement led to %s", url)
	}
	browsertest.Do(t, ctx, chromedp.Navigate(hs.URL+"/dashboard"), chromedp.WaitVisible(`#agreement`))
	weeks := browsertest.JS[int](t, ctx, `document.querySelectorAll('#weeks tbody tr').length`)
	aw, _ := s.AgentWeeks(context.Background())
	if weeks != len(aw) || weeks == 0 {
		t.Errorf("dashboard has %d agent-week rows, the store %d", weeks, len(aw))
	}
}

// Two reviewers on one call: the second save, from a page read before the first, is
// refused and the page says so; nothing is silently overwritten.
func TestSecondReviewerIsTold(t *testing.T) {
	s, hs := workbench(t, "")
	ctx := browsertest.New(t)
	target := firstCallWithFindings(t, s)
	browsertest.Do(t, ctx,
		chromedp.Navigate(hs.URL+"/batch/w49/call/"+target.ID),
		chromedp.WaitVisible(`#findings li.selected`),
	)
	// Another reviewer saves first.
	other := store.Review{Batch: "w49", CallID: target.ID, Finding: target.Findings[0].ID, Decision: store.Confirm, Reviewer: "李强"}
	if _, err := s.SaveReviewsOf(context.Background(), target.ID, target.Version, []store.Review{other}); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent("r"), chromedp.WaitVisible(`#stale`))
	reviews, _ := s.Reviews(context.Background(), "w49")
	if len(reviews) != 1 || reviews[0].Reviewer != "李强" || reviews[0].Decision != store.Confirm {
		t.Errorf("reviews %+v, want only 李强's confirmation", reviews)
	}
}

// Off loopback the workbench asks for its token; a form without the page's CSRF token
// is refused.
func TestTokenAndCSRF(t *testing.T) {
	s, hs := workbench(t, "s3cret")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	if resp, err := client.Get(hs.URL + "/"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %v %v", resp.Status, err)
	}
	if resp, err := client.Get(hs.URL + "/login?token=wrong"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token: %v %v", resp.Status, err)
	}
	req, _ := http.NewRequest("GET", hs.URL+"/", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("with the bearer token: %v %v", resp.Status, err)
	}
	target := firstCallWithFindings(t, s)
	form := url.Values{"decision": {"reject"}, "finding": {target.Findings[0].ID}, "version": {"1"}, "csrf": {"guess"}}
	req, _ = http.NewRequest("POST", hs.URL+"/batch/w49/call/"+target.ID+"/review", strings.NewReader(form.Encode()))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "zj_csrf", Value: "guess"})
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a forged form: %v %v", resp.Status, err)
	}
	if reviews, _ := s.Reviews(context.Background(), "w49"); len(reviews) != 0 {
		t.Errorf("a forged form saved %+v", reviews)
	}
}

// An appeal's whole path: the agent appeals a finding with a reason, the supervisor
// overturns it, the call's score after review gains the finding's points back, and both
// steps are in the audit log.
func TestAppealPath(t *testing.T) {
	s, hs := workbench(t, "")
	ctx := browsertest.New(t)
	target := firstCallWithFindings(t, s)
	f := target.Findings[0]
	browsertest.Do(t, ctx,
		chromedp.Navigate(hs.URL+"/batch/w49/call/"+target.ID),
		chromedp.WaitVisible(`#findings li.selected`),
		chromedp.Click(`#f-`+f.ID+` details.appeal summary`),
		chromedp.SetValue(`#f-`+f.ID+` details.appeal input[name=reason]`, "客户先挂断了，不是我没说"),
		chromedp.Click(`#f-`+f.ID+` details.appeal button`),
		chromedp.WaitVisible(`#appeals tr.appeal-open`),
	)
	before := browsertest.JS[string](t, ctx, `document.querySelector('#appeals td.after').textContent`)
	browsertest.Do(t, ctx,
		chromedp.SetValue(`#appeals tr.appeal-open input[name=note]`, "录音确认客户先挂断"),
		chromedp.Click(`#appeals tr.appeal-open button[value=overturned]`),
		chromedp.WaitVisible(`#appeals tr.appeal-overturned`),
	)
	after := browsertest.JS[string](t, ctx, `document.querySelector('#appeals td.after').textContent`)
	if before == after {
		t.Errorf("the score after review did not change: %s", after)
	}
	appeals, _ := s.Appeals(context.Background())
	if len(appeals) != 1 || appeals[0].Status != store.AppealOverturned || appeals[0].Agent != "王敏" || appeals[0].Decision != "录音确认客户先挂断" {
		t.Errorf("appeals %+v", appeals)
	}
	log, _ := s.Audit(context.Background(), "finding:"+f.ID)
	if len(log) != 2 || log[0].Action != "appeal" || log[1].Action != "decide overturned" {
		t.Errorf("audit of the finding: %+v", log)
	}
}

// With users in the store the workbench asks for a password and lets each role do its
// part: a reviewer reviews but does not decide appeals, a supervisor does.
func TestUsersAndRoles(t *testing.T) {
	s, _ := storetest.Batch(t, "../../testdata/calls", "w49")
	ctx := context.Background()
	if err := s.AddUser(ctx, "王敏", "reviewer", "review-pass-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, "李主管", "supervisor", "super-pass-2"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, "x", "reviewer", "short"); err == nil {
		t.Error("a short password was taken")
	}
	rb, _ := pipeline.LoadRulebook(pipeline.Config{}, nil)
	hs := serveStore(t, serve.Options{Store: s, Rulebook: rb})
	target := firstCallWithFindings(t, s)
	aid, err := s.FileAppeal(ctx, store.Appeal{CallID: target.ID, Finding: target.Findings[0].ID, Agent: "1226", Reason: "客户先挂断"})
	if err != nil {
		t.Fatal(err)
	}

	login := func(name, password string) (*http.Client, string, int) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
		resp, err := c.Get(hs.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		page, csrf := readPage(resp)
		if csrf == "" {
			t.Fatalf("GET / without a session did not lead to the login form:\n%s", page)
		}
		resp, err = c.PostForm(hs.URL+"/login", url.Values{"csrf": {csrf}, "name": {name}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return c, csrf, resp.StatusCode
	}
	post := func(c *http.Client, path string, form url.Values) int {
		resp, err := c.PostForm(hs.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	if c, _, _ := login("王敏", "wrong-password"); true {
		resp, _ := c.Get(hs.URL + "/dashboard")
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `id="login"`) {
			t.Error("a wrong password reached the dashboard")
		}
	}
	reviewer, csrf, _ := login("王敏", "review-pass-1")
	if code := post(reviewer, "/batch/w49/call/"+target.ID+"/review", url.Values{"csrf": {csrf}, "finding": {target.Findings[1].ID},
		"decision": {"confirm"}, "version": {strconv.Itoa(target.Version)}}); code != http.StatusOK {
		t.Errorf("the reviewer's review: %d", code)
	}
	if code := post(reviewer, "/appeals/"+aid+"/decide", url.Values{"csrf": {csrf}, "decision": {"overturned"}}); code != http.StatusForbidden {
		t.Errorf("the reviewer deciding an appeal: %d, want 403", code)
	}
	supervisor, csrf2, _ := login("李主管", "super-pass-2")
	if code := post(supervisor, "/appeals/"+aid+"/decide", url.Values{"csrf": {csrf2}, "decision": {"overturned"}, "note": {"录音为证"}}); code != http.StatusOK {
		t.Errorf("the supervisor deciding an appeal: %d", code)
	}
	reviews, _ := s.Reviews(ctx, "w49")
	if len(reviews) != 1 || reviews[0].Reviewer != "王敏" {
		t.Errorf("reviews %+v, want 王敏's", reviews)
	}
	appeals, _ := s.Appeals(ctx)
	if appeals[0].Status != store.AppealOverturned || appeals[0].DecidedBy != "李主管" {
		t.Errorf("appeal %+v", appeals[0])
	}

	// Sessions are kept in the store: a workbench started again on it (here a second
	// one) knows the reviewer; logging out ends the session for both.
	again, err := serve.New(serve.Options{Store: s, Rulebook: rb})
	if err != nil {
		t.Fatal(err)
	}
	hs2 := httptest.NewServer(again)
	defer hs2.Close()
	loggedIn := func(base string) bool {
		resp, err := reviewer.Get(base + "/dashboard")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return !strings.Contains(string(body), `id="login"`)
	}
	if !loggedIn(hs2.URL) {
		t.Error("the restarted workbench lost the reviewer's session")
	}
	// The last page came from the second workbench, whose CSRF cookie the browser now holds.
	resp, err := reviewer.Get(hs2.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, csrf := readPage(resp)
	if csrf == "" || !strings.Contains(string(page), `id="logout"`) {
		t.Fatalf("no logout button on the queue:\n%s", page)
	}
	resp, err = reviewer.PostForm(hs2.URL+"/logout", url.Values{"csrf": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loggedIn(hs.URL) || loggedIn(hs2.URL) {
		t.Error("the session outlived logging out")
	}
}

// csrfClient reads the queue page for the CSRF token and its cookie.
func csrfClient(t *testing.T, base string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/")
	if err == nil && resp.StatusCode == http.StatusSeeOther {
		resp.Body.Close()
		resp, err = c.Get(base + resp.Header.Get("Location")) // the login form
	}
	if err != nil {
		t.Fatal(err)
	}
	page, csrf := readPage(resp)
	if csrf == "" {
		// The queue of a workbench without users has no form: the cookie is the token.
		u, _ := url.Parse(base)
		for _, ck := range jar.Cookies(u) {
			if ck.Name == "zj_csrf" {
				return c, ck.Value
			}
		}
		t.Fatalf("no CSRF token on the queue:\n%s", page)
	}
	return c, csrf
}

// Hostile request bodies: each is refused with a clear status before it is read whole,
// nothing is saved, and no temporary file is left (a multipart body of any size was
// written to the temporary directory, a urlencoded one of 10 MB held in memory).
func TestHostileBodies(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, hs := workbench(t, "")
	target := firstCallWithFindings(t, s)
	c, csrf := csrfClient(t, hs.URL)
	review := "/batch/w49/call/" + target.ID + "/review"
	fields := "csrf=" + csrf + "&version=" + strconv.Itoa(target.Version) + "&finding=" + target.Findings[0].ID + "&decision=confirm"
	big := strings.Repeat("a", 5<<20)
	multipart := func(file string) (string, string) {
		b := "XXB"
		return "multipart/form-data; boundary=" + b,
			"--" + b + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n" +
				"--" + b + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + strconv.Itoa(target.Version) + "\r\n" +
				"--" + b + "\r\nContent-Disposition: form-data; name=\"finding\"\r\n\r\n" + target.Findings[0].ID + "\r\n" +
				"--" + b + "\r\nContent-Disposition: form-data; name=\"decision\"\r\n\r\nconfirm\r\n" +
				"--" + b + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + file + "\r\n--" + b + "--\r\n"
	}
	mpBig, mpBigBody := multipart(big)
	for _, tc := range []struct {
		name, ctype, body string
		want              int
	}{
		{"a 5 MB urlencoded form", "application/x-www-form-urlencoded", fields + "&comment=" + big, http.StatusRequestEntityTooLarge},
		{"a 5 MB file in a multipart form", mpBig, mpBigBody, http.StatusRequestEntityTooLarge},
		{"a 5 MB urlencoded form before the token", "application/x-www-form-urlencoded", "x=" + big + "&" + fields, http.StatusRequestEntityTooLarge},
		{"bad percent escapes", "application/x-www-form-urlencoded", fields + "&comment=%zz", http.StatusBadRequest},
		{"a multipart form cut short", mpBig, mpBigBody[:200], http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", hs.URL+review, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want || len(body) > 2048 {
				t.Errorf("status %d (%d bytes: %.200s), want %d", resp.StatusCode, len(body), body, tc.want)
			}
			if reviews, _ := s.Reviews(context.Background(), "w49"); len(reviews) != 0 {
				t.Errorf("saved %+v", reviews)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left %d files in the temporary directory", len(left))
			}
		})
	}
	// A small multipart form is still read.
	ctype, body := multipart("small")
	req, _ := http.NewRequest("POST", hs.URL+review, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	if resp, err := c.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a small multipart form: %v %v", resp.Status, err)
	}
}

// Slow clients: a request whose headers or body trickle in, a byte now and then, loses
// its connection once the read timeout has passed (without one, such a client held its
// connection, and a few thousand of them every descriptor, for ever); headers past 64 KB
// are refused.
func TestHostileSlowClients(t *testing.T) {
	s, _ := storetest.Batch(t, "../../testdata/calls", "w49")
	rb, _ := pipeline.LoadRulebook(pipeline.Config{}, nil)
	srv, err := serve.New(serve.Options{Store: s, Rulebook: rb, Reviewer: "王敏", ReadTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	if d, _ := serve.New(serve.Options{Store: s, Rulebook: rb}); d != nil {
		if h := d.HTTPServer(); h.ReadTimeout <= 0 || h.ReadHeaderTimeout <= 0 || h.WriteTimeout <= 0 || h.IdleTimeout <= 0 || h.MaxHeaderBytes <= 0 {
			t.Errorf("the default server has no limit: %+v", h)
		}
	}
	for _, tc := range []struct {
		name, start, drip string
	}{
		{"headers a byte at a time", "GET / HTTP/1.1\r\nHost: x\r\n", "X"},
		{"a body a byte at a time", "POST /logout HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n", "a"},
		{"an idle connection after a request", "GET /static/app.css HTTP/1.1\r\nHost: x\r\n\r\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := io.WriteString(c, tc.start); err != nil {
				t.Fatal(err)
			}
			closed := make(chan struct{})
			go func() {
				io.Copy(io.Discard, c)
				close(closed)
			}()
			deadline := time.After(10 * time.Second)
			for {
				select {
				case <-closed:
					return
				case <-deadline:
					t.Fatal("the connection is still open after 10 s")
				case <-time.After(200 * time.Millisecond):
					if tc.drip != "" {
						io.WriteString(c, tc.drip)
					}
				}
			}
		})
	}
	t.Run("headers of 1 MB", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/?q="+strings.Repeat("a", 1<<20), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status %d, want 431", resp.StatusCode)
		}
	})
}

// Batch names with the characters that mean something in a URL: every link on the queue
// leads to its own batch, the batch's links to its calls, and a review posted from the
// call page's form is saved in that batch (html/template kept / ? # in a link as they
// were: "a/b" led to no page, "x?page=2" to batch x, "#1" to the queue).
func TestHostileBatchNames(t *testing.T) {
	s, hs := workbench(t, "")
	ctx := context.Background()
	names := []string{"a/b", "x?page=2", "#1", "50%", "a b+c", "w49/call/x", "中文 批次", "..a", "a&b=c"}
	for _, n := range names {
		if _, err := s.Sample(ctx, store.SampleSpec{Name: n, Percent: 100}); err != nil {
			t.Fatal(n, err)
		}
	}
	for _, n := range []string{".", ".."} {
		if _, err := s.Sample(ctx, store.SampleSpec{Name: n, Percent: 100}); err == nil {
			t.Errorf("a batch named %q, which no link can reach, was drawn", n)
		}
	}
	c, _ := csrfClient(t, hs.URL)
	get := func(t *testing.T, path string) string {
		t.Helper()
		resp, err := c.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		return string(body)
	}
	unescape := strings.NewReplacer("&amp;", "&", "&#43;", "+", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'")
	queue := get(t, "/")
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			var m []string
			for _, l := range regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`).FindAllStringSubmatch(queue, -1) {
				if unescape.Replace(l[2]) == n {
					m = l
				}
			}
			if m == nil {
				t.Fatalf("no link to %q on the queue", n)
			}
			page := get(t, unescape.Replace(m[1]))
			if h1 := regexp.MustCompile(`<h1>批次 ([^<]*)</h1>`).FindStringSubmatch(page); h1 == nil || unescape.Replace(h1[1]) != n {
				t.Fatalf("the link %s led to another page:\n%.300s", m[1], page)
			}
			m = regexp.MustCompile(`<td><a href="([^"]*)">`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no call on the batch page")
			}
			call := get(t, unescape.Replace(m[1]))
			action := regexp.MustCompile(`<form id="missed" method="post" action="([^"]*)">[\s\S]*?name="csrf" value="([0-9a-f]+)"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(call)
			if action == nil {
				t.Fatalf("no missed-violation form on the call page")
			}
			resp, err := c.PostForm(hs.URL+unescape.Replace(action[1]), url.Values{"csrf": {action[2]}, "version": {action[3]},
				"decision": {"missed"}, "concept": {"rude-attitude"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the review: %d", resp.StatusCode)
			}
			if rv, _ := s.Reviews(ctx, n); len(rv) != 1 {
				t.Errorf("batch %q has %d reviews, want the one posted", n, len(rv))
			}
			if get(t, strings.TrimPrefix(resp.Header.Get("Location"), hs.URL)) == "" {
				t.Error("the page after the review is empty")
			}
		})
	}
}

// Guessing passwords and tokens: after 5 failures of one name, or 20 from one address,
// in 15 minutes, the next try is refused with 429 and a page that says for how long,
// right password or not (every guess was checked, as fast as bcrypt allowed, for ever).
func TestHostileLoginGuessing(t *testing.T) {
	s, _ := storetest.Batch(t, "../../testdata/calls", "w49")
	ctx := context.Background()
	for _, u := range [][2]string{{"王敏", "review-pass-1"}, {"李主管", "super-pass-2"}} {
		if err := s.AddUser(ctx, u[0], "reviewer", u[1]); err != nil {
			t.Fatal(err)
		}
	}
	rb, _ := pipeline.LoadRulebook(pipeline.Config{}, nil)
	hs := serveStore(t, serve.Options{Store: s, Rulebook: rb})
	c, csrf := csrfClient(t, hs.URL)
	login := func(name, password string) (int, string) {
		resp, err := c.PostForm(hs.URL+"/login", url.Values{"csrf": {csrf}, "name": {name}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location") + string(body)
	}
	steps := []struct {
		what, name, password string
		times, want          int
		says                 string
	}{
		{"wrong passwords of one name", "王敏", "guess", 5, http.StatusSeeOther, "failed=1"},
		{"then the right one", "王敏", "review-pass-1", 1, http.StatusTooManyRequests, "登录失败次数过多：请 15 分钟后再试"},
		{"another name from the same address", "李主管", "super-pass-2", 1, http.StatusSeeOther, "/"},
		{"names that do not exist", "nobody", "guess", 4, http.StatusSeeOther, "failed=1"},
		{"more names from the same address", "x", "guess", 11, http.StatusSeeOther, "failed=1"},
		{"any name once the address has 20", "李主管", "super-pass-2", 1, http.StatusTooManyRequests, `id="locked"`},
	}
	for i, st := range steps {
		for n := range st.times {
			name := st.name
			if st.name == "x" {
				name = "x" + strconv.Itoa(n) // a new name each time
			}
			code, page := login(name, st.password)
			if code != st.want || !strings.Contains(page, st.says) {
				t.Fatalf("step %d (%s), try %d: %d %.300s; want %d %q", i, st.what, n+1, code, page, st.want, st.says)
			}
		}
	}

	// The token of a workbench without users.
	s2, _ := storetest.Batch(t, "../../testdata/calls", "w49")
	tok, err := serve.New(serve.Options{Store: s2, Rulebook: rb, Token: "s3cret-token"})
	if err != nil {
		t.Fatal(err)
	}
	ht := httptest.NewServer(tok)
	defer ht.Close()
	get := func(path, bearer string) int {
		req, _ := http.NewRequest("GET", ht.URL+path, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for n := range 10 {
		if code := get("/login?token=guess"+strconv.Itoa(n), ""); code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d", n, code)
		}
		if code := get("/", "guess"+strconv.Itoa(n)); code != http.StatusUnauthorized {
			t.Fatalf("wrong bearer token %d: %d", n, code)
		}
	}
	if code := get("/", "s3cret-token"); code != http.StatusTooManyRequests {
		t.Errorf("the right token after 20 wrong ones: %d, want 429", code)
	}
	if code := get("/login?token=s3cret-token", ""); code != http.StatusTooManyRequests {
		t.Errorf("the right token after 20 wrong ones: %d, want 429", code)
	}
}

// Form and query values no page of the workbench sends: each is refused with a message
// and saves nothing (a decision on no finding was saved and counted the call reviewed, a
// missed line "abc" became the whole call and -5 was kept, an appeal decided "overturn"
// was upheld), and a page number past the last shows the last page.
func TestHostileFormValues(t *testing.T) {
	s, hs := workbench(t, "")
	ctx := context.Background()
	target := firstCallWithFindings(t, s)
	aid, err := s.FileAppeal(ctx, store.Appeal{CallID: target.ID, Finding: target.Findings[0].ID, Agent: "1226", Reason: "客户先挂断"})
	if err != nil {
		t.Fatal(err)
	}
	c, csrf := csrfClient(t, hs.URL)
	review := "/batch/w49/call/" + target.ID + "/review"
	v := strconv.Itoa(target.Version)
	f := target.Findings[0].ID
	for _, tc := range []struct {
		name, path string
		form       url.Values
		says       string
	}{
		{"no version", review, url.Values{"decision": {"confirm"}, "finding": {f}}, "请刷新页面"},
		{"a version that is no number", review, url.Values{"version": {"1e3"}, "decision": {"confirm"}, "finding": {f}}, "请刷新页面"},
		{"a decision that is none", review, url.Values{"version": {v}, "decision": {"approve"}, "finding": {f}}, "未知的复核结论"},
		{"a confirmation of no finding", review, url.Values{"version": {v}, "decision": {"confirm"}}, "须指明是哪一条问题"},
		{"a rejection of another call's finding", review, url.Values{"version": {v}, "decision": {"reject"}, "finding": {"0000000000000000"}}, "没有问题"},
		{"a missed line that is no number", review, url.Values{"version": {v}, "decision": {"missed"}, "concept": {"x"}, "line": {"abc"}}, "从 1 起的行号"},
		{"a negative missed line", review, url.Values{"version": {v}, "decision": {"missed"}, "concept": {"x"}, "line": {"-5"}}, "从 1 起的行号"},
		{"a missed line past int64", review, url.Values{"version": {v}, "decision": {"missed"}, "concept": {"x"}, "line": {"99999999999999999999"}}, "从 1 起的行号"},
		{"a missed violation without a concept", review, url.Values{"version": {v}, "decision": {"missed"}, "concept": {"  "}}, "概念"},
		{"an appeal decided with a typo", "/appeals/" + aid + "/decide", url.Values{"decision": {"overturn"}}, "upheld（维持）或 overturned（撤销）"},
		{"an appeal decided with nothing", "/appeals/" + aid + "/decide", url.Values{}, "而不是 \"\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("csrf", csrf)
			resp, err := c.PostForm(hs.URL+tc.path, tc.form)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), tc.says) {
				t.Errorf("%d %q, want 400 saying %q", resp.StatusCode, body, tc.says)
			}
			if rv, _ := s.CallReviews(ctx, target.ID); len(rv) != 0 {
				t.Errorf("saved %+v", rv)
			}
			if a, _ := s.Appeals(ctx); a[0].Status != store.AppealOpen {
				t.Errorf("the appeal was decided: %+v", a[0])
			}
			if got, _ := s.CallVersion(ctx, target.ID); strconv.Itoa(got) != v {
				t.Errorf("the call's version moved to %d", got)
			}
		})
	}
	for _, page := range []string{"9223372036854775807", "92233720368547758", "3", "-5", "x"} {
		resp, err := c.Get(hs.URL + "/batch/w49?page=" + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if m := regexp.MustCompile(`id="range">1–(\d+) / (\d+)`).FindStringSubmatch(string(body)); m == nil || m[1] != m[2] || strings.Contains(string(body), `id="next-page"`) {
			t.Errorf("page %s: %.400s", page, body)
		}
	}
}

// readPage reads and closes a response's body, and the CSRF token of its form ("" when
// the page has none).
func readPage(resp *http.Response) (page []byte, csrf string) {
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfField.FindSubmatch(page); m != nil {
		csrf = string(m[1])
	}
	return page, csrf
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)
