// Package serve is the review workbench (zhijian serve): a queue of review batches, a
// call page with the transcript and each finding to confirm or reject (keyboard
// shortcuts), a way to add a violation the machine missed, the call's score after
// review, and a dashboard of pass rates per agent per week, the top rules and the
// agreement between reviewers and the machine per concept. Go net/http, the pages and
// their CSS and JS embedded; no build step.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Options configure the workbench.
type Options struct {
	Store    *store.Store
	Rulebook *rulebook.Rulebook
	// Reviewer is the name changes are recorded under when no one logs in (a local
	// workbench).
	Reviewer string
	// Token, when set, is asked of every request (GET /login?token=… sets a cookie, or
	// an Authorization: Bearer header): the workbench on an address other than loopback.
	Token string
	// EN shows the pages in English.
	EN bool
	// ReadTimeout is how long a whole request, headers and body, may take to arrive
	// (HTTPServer; default 30 s, the headers within 10 s of it).
	ReadTimeout time.Duration
}

// HTTPServer is the workbench behind the limits a server on a network needs: a request
// arrives whole within Options.ReadTimeout (a client that sends a byte now and then
// held its connection for ever), the answer is written within two minutes, an idle
// connection is closed after twice the read timeout, and the headers are under 64 KB.
func (s *Server) HTTPServer() *http.Server {
	read := s.o.ReadTimeout
	if read <= 0 {
		read = 30 * time.Second
	}
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: min(10*time.Second, read),
		ReadTimeout:       read,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * read,
		MaxHeaderBytes:    64 << 10,
	}
}

// Server is the workbench.
type Server struct {
	o    Options
	tmpl *template.Template
	csrf string
	mux  *http.ServeMux
	// users: the store has users, who log in with a password and act by their role;
	// their sessions are kept in the store.
	users bool
	// guesses counts failed logins (throttle.go).
	guesses *throttle
}

// New builds the workbench.
func New(o Options) (*Server, error) {
	funcs := template.FuncMap{
		"t":     func(key string) string { return words(o.EN, key) },
		"score": formatScore,
		"pct": func(a, b int) string {
			if b == 0 {
				return "—"
			}
			return strconv.FormatFloat(100*float64(a)/float64(b), 'f', 1, 64) + "%"
		},
		"f3": func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) },
		"f1": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
		// seg is a name as one segment of a link's path: html/template keeps / ? # as
		// they are, so a batch "a/b" or "x?page=2" led to no page, or to another.
		"seg": url.PathEscape,
	}
	tmpl, err := template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	s := &Server{o: o, tmpl: tmpl, csrf: hex.EncodeToString(b[:]), mux: http.NewServeMux(), guesses: newThrottle()}
	if us, err := o.Store.Users(context.Background()); err == nil && len(us) > 0 {
		s.users = true
	}
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /login", s.login)
	s.mux.HandleFunc("POST /login", s.passwordLogin)
	s.mux.HandleFunc("POST /logout", s.logout)
	s.mux.HandleFunc("GET /{$}", s.queue)
	s.mux.HandleFunc("GET /batch/{batch}", s.batch)
	s.mux.HandleFunc("GET /batch/{batch}/call/{call}", s.call)
	s.mux.HandleFunc("POST /batch/{batch}/call/{call}/review", s.saveReview)
	s.mux.HandleFunc("GET /dashboard", s.dashboard)
	s.mux.HandleFunc("GET /appeals", s.appeals)
	s.mux.HandleFunc("GET /call/{call}", s.callAnywhere)
	s.mux.HandleFunc("POST /call/{call}/appeal", s.fileAppeal)
	s.mux.HandleFunc("POST /appeals/{appeal}/decide", s.decideAppeal)
	return s, nil
}

// ServeHTTP checks the token and the CSRF token, then serves the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
	open := r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/static/")
	switch {
	case s.users && !open && s.session(r) == nil:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	case !s.users && s.o.Token != "" && !open:
		// An address that guessed wrong too often is refused before its token is
		// looked at: else the right guess would still get through.
		if s.locked(w, r, client(r)) {
			return
		}
		if !s.authorised(r) {
			if r.Header.Get("Authorization") != "" || hasCookie(r, "zj_token") {
				s.guesses.fail(client(r)) // a wrong token, not merely none
			}
			http.Error(w, words(s.o.EN, "login"), http.StatusUnauthorized)
			return
		}
	}
	if r.Method == http.MethodPost {
		// A form of the workbench is a few short fields: a body past maxForm is refused
		// before it is read whole (Go would hold 10 MB of a urlencoded body in memory and
		// write a multipart body of any size to temporary files).
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := parseForm(r); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				http.Error(w, words(s.o.EN, "too large"), http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, words(s.o.EN, "bad form")+": "+err.Error(), http.StatusBadRequest)
			return
		}
		// Double submit: the form's token must be the cookie's, which only pages of this
		// workbench set (SameSite=Strict).
		c, err := r.Cookie("zj_csrf")
		if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 || c.Value != s.csrf {
			http.Error(w, "CSRF", http.StatusForbidden)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: "zj_csrf", Value: s.csrf, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	s.mux.ServeHTTP(w, r)
}

// maxForm is the largest request body the workbench reads: its forms are a few short
// fields.
const maxForm = 1 << 20

// parseForm reads the posted form, urlencoded or multipart, within r.Body's limit.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	err := r.ParseMultipartForm(maxForm)
	if errors.Is(err, http.ErrNotMultipart) {
		return nil // read as urlencoded
	}
	return err
}

func (s *Server) authorised(r *http.Request) bool {
	if c, err := r.Cookie("zj_token"); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.o.Token)) == 1 {
		return true
	}
	h := r.Header.Get("Authorization")
	return strings.HasPrefix(h, "Bearer ") && subtle.ConstantTimeCompare([]byte(strings.TrimPrefix(h, "Bearer ")), []byte(s.o.Token)) == 1
}

// login shows the password form when the store has users; otherwise it takes
// ?token=…&name=… and sets the cookies that stand for them.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.users {
		s.render(w, "login.html", map[string]any{"Failed": r.URL.Query().Get("failed") != ""})
		return
	}
	if s.locked(w, r, client(r)) {
		return
	}
	if s.o.Token == "" || subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("token")), []byte(s.o.Token)) != 1 {
		s.guesses.fail(client(r))
		http.Error(w, words(s.o.EN, "login"), http.StatusUnauthorized)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "zj_token", Value: s.o.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	if name := strings.TrimSpace(r.URL.Query().Get("name")); name != "" {
		http.SetCookie(w, &http.Cookie{Name: "zj_name", Value: urlSafe(name), Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// passwordLogin checks a user's password and starts a session.
func (s *Server) passwordLogin(w http.ResponseWriter, r *http.Request) {
	if !s.users {
		http.NotFound(w, r)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if d := s.guesses.wait(client(r), nameKey(name)); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds())+1))
		s.renderCode(w, http.StatusTooManyRequests, "login.html", map[string]any{"Locked": s.lockedFor(d)})
		return
	}
	u, ok, err := s.o.Store.Login(r.Context(), name, r.PostFormValue("password"))
	if err != nil {
		s.fail(w, err)
		return
	}
	if !ok {
		s.guesses.fail(client(r), nameKey(name))
		http.Redirect(w, r, "/login?failed=1", http.StatusSeeOther)
		return
	}
	s.guesses.forget(nameKey(name))
	id, err := s.o.Store.StartSession(r.Context(), u.Name)
	if err != nil {
		s.fail(w, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "zj_session", Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		MaxAge: int(store.SessionLife.Seconds())})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie("zj_session"); err == nil && s.users {
		if err := s.o.Store.EndSession(r.Context(), c.Value); err != nil {
			s.fail(w, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: "zj_session", Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// session is the logged-in user of the request, nil for none.
func (s *Server) session(r *http.Request) *store.User {
	c, err := r.Cookie("zj_session")
	if err != nil {
		return nil
	}
	u, ok, err := s.o.Store.SessionUser(r.Context(), c.Value)
	if err != nil || !ok {
		return nil
	}
	return &u
}

// user is who acts: the logged-in user, or, on a workbench without users, the local
// reviewer (or the name given at token login) with every right.
func (s *Server) user(r *http.Request) store.User {
	if s.users {
		if u := s.session(r); u != nil {
			return *u
		}
		return store.User{}
	}
	return store.User{Name: s.reviewer(r), Role: "lead"}
}

// may checks that the user may do action, answering 403 when not.
func (s *Server) may(w http.ResponseWriter, r *http.Request, action string) (store.User, bool) {
	u := s.user(r)
	if !u.Can(action) {
		http.Error(w, msg.Sprintf("serve.may-not", u.Name, u.Role, words(false, "act:"+action), action), http.StatusForbidden)
		return u, false
	}
	return u, true
}

// reviewer is who a change is recorded under on a workbench without users.
func (s *Server) reviewer(r *http.Request) string {
	if c, err := r.Cookie("zj_name"); err == nil && c.Value != "" {
		if name, err := unURLSafe(c.Value); err == nil {
			return name
		}
	}
	return s.o.Reviewer
}

func (s *Server) render(w http.ResponseWriter, name string, data map[string]any) {
	s.renderCode(w, http.StatusOK, name, data)
}

func (s *Server) renderCode(w http.ResponseWriter, code int, name string, data map[string]any) {
	data["CSRF"] = s.csrf
	data["EN"] = s.o.EN
	data["Users"] = s.users
	var page bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&page, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(page.Bytes())
}

// locked answers 429 when key has failed to log in too often lately.
func (s *Server) locked(w http.ResponseWriter, r *http.Request, keys ...string) bool {
	d := s.guesses.wait(keys...)
	if d <= 0 {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds())+1))
	http.Error(w, s.lockedFor(d), http.StatusTooManyRequests)
	return true
}

// lockedFor says how long until the next try, in whole minutes.
func (s *Server) lockedFor(d time.Duration) string {
	return fmt.Sprintf(words(s.o.EN, "locked"), int((d+time.Minute-1)/time.Minute))
}

func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func (s *Server) queue(w http.ResponseWriter, r *http.Request) {
	batches, err := s.o.Store.Batches(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	s.render(w, "queue.html", map[string]any{"Batches": batches})
}

// callRow is a call in a batch's list.
type callRow struct {
	store.Call
	Reason   string
	Reviewed bool
	After    review.Verdict
}

// pageSize is how many calls a batch page lists.
const pageSize = 100

func (s *Server) batchCalls(ctx context.Context, name string, page int) ([]callRow, int, error) {
	b, calls, total, err := s.o.Store.BatchPage(ctx, name, page*pageSize, pageSize)
	if err != nil {
		return nil, 0, err
	}
	reason := map[string]string{}
	for _, bc := range b.Calls {
		reason[bc.CallID] = bc.Reason
	}
	batchReviews, err := s.o.Store.Reviews(ctx, name)
	if err != nil {
		return nil, 0, err
	}
	inBatch := map[string]bool{}
	for _, rv := range batchReviews {
		inBatch[rv.CallID] = true
	}
	// The score after review counts every human decision on the call: this batch's,
	// other batches', and appeals'.
	all, err := s.o.Store.BatchCallReviews(ctx, name)
	if err != nil {
		return nil, 0, err
	}
	var out []callRow
	for _, c := range calls {
		out = append(out, callRow{Call: c, Reason: reason[c.ID], Reviewed: inBatch[c.ID], After: review.Rescore(s.o.Rulebook, c, all[c.ID])})
	}
	return out, total, nil
}

func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("batch")
	// A page past the last (or a number so large that it wrapped round when multiplied
	// into an offset: "9223372036854775801–9223372036854775800 / 13" and a link onwards)
	// shows the last page; a page that is no number, the first.
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = min(max(page, 0), math.MaxInt32/pageSize)
	rows, total, err := s.batchCalls(r.Context(), name, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	if last := max(total-1, 0) / pageSize; page > last {
		page = last
		if rows, total, err = s.batchCalls(r.Context(), name, page); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
	}
	data := map[string]any{"Batch": name, "Calls": rows, "Total": total, "From": page*pageSize + 1, "To": page*pageSize + len(rows)}
	data["HasPrev"], data["Prev"] = page > 0, page-1
	data["HasNext"], data["Next"] = (page+1)*pageSize < total, page+1
	s.render(w, "batch.html", data)
}

// findingRow is a finding on the call page with the latest decision on it.
type findingRow struct {
	store.Finding
	Decision, Comment, Reviewer string
}

func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	name, id := r.PathValue("batch"), r.PathValue("call")
	ctx := r.Context()
	reason, next, err := s.o.Store.BatchPlace(ctx, name, id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	call, err := s.o.Store.Call(ctx, id)
	if err != nil {
		s.fail(w, err)
		return
	}
	// Every human decision on the call, from any batch or appeal, oldest first.
	reviews, err := s.o.Store.CallReviews(ctx, id)
	if err != nil {
		s.fail(w, err)
		return
	}
	latest := map[string]store.Review{}
	var missed []store.Review
	for _, rv := range reviews {
		if rv.Decision == store.Missed {
			missed = append(missed, rv)
		} else {
			latest[rv.Finding] = rv
		}
	}
	var findings []findingRow
	for _, f := range call.Findings {
		rv := latest[f.ID]
		findings = append(findings, findingRow{Finding: f, Decision: rv.Decision, Comment: rv.Comment, Reviewer: rv.Reviewer})
	}
	c := &callRow{Call: call, Reason: reason, Reviewed: len(reviews) > 0, After: review.Rescore(s.o.Rulebook, call, reviews)}
	s.render(w, "call.html", map[string]any{"Batch": name, "Call": c, "Findings": findings, "Missed": missed,
		"Next": next, "Stale": r.URL.Query().Get("stale") != "", "Reviewer": s.user(r).Name})
}

// callAnywhere opens a call in the first batch that holds it: the dashboard's
// disagreements link here.
func (s *Server) callAnywhere(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("call")
	name, err := s.o.Store.BatchOf(r.Context(), id)
	if err != nil {
		s.fail(w, err)
		return
	}
	if name == "" {
		http.Error(w, words(s.o.EN, "not in batch"), http.StatusNotFound)
		return
	}
	http.Redirect(w, r, "/batch/"+pathEscape(name)+"/call/"+pathEscape(id), http.StatusSeeOther)
}

func (s *Server) saveReview(w http.ResponseWriter, r *http.Request) {
	u, ok := s.may(w, r, "review")
	if !ok {
		return
	}
	name, id := r.PathValue("batch"), r.PathValue("call")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		http.Error(w, words(s.o.EN, "bad version"), http.StatusBadRequest)
		return
	}
	rv := store.Review{Batch: name, CallID: id, Finding: r.PostFormValue("finding"), Decision: r.PostFormValue("decision"),
		Comment: strings.TrimSpace(r.PostFormValue("comment")), Reviewer: u.Name}
	if rv.Decision == store.Missed {
		rv.Finding = ""
		rv.Concept = strings.TrimSpace(r.PostFormValue("concept"))
		if rv.Concept == "" {
			http.Error(w, words(s.o.EN, "concept needed"), http.StatusBadRequest)
			return
		}
		// Empty is the whole call; anything else is a line number from 1 (a typo was
		// silently the whole call, a negative number kept as it was).
		if l := strings.TrimSpace(r.PostFormValue("line")); l != "" {
			if rv.Line, err = strconv.Atoi(l); err != nil || rv.Line < 1 {
				http.Error(w, fmt.Sprintf(words(s.o.EN, "bad line"), l), http.StatusBadRequest)
				return
			}
		}
	}
	page := "/batch/" + pathEscape(name) + "/call/" + pathEscape(id)
	if _, err := s.o.Store.SaveReviewsOf(r.Context(), id, version, []store.Review{rv}); err != nil {
		if errors.Is(err, store.ErrStale) {
			http.Redirect(w, r, page+"?stale=1", http.StatusSeeOther)
			return
		}
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, page+"#f-"+rv.Finding, http.StatusSeeOther)
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	weeks, err := s.o.Store.AgentWeeks(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	teams, err := s.o.Store.TeamWeeks(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	top, err := s.o.Store.TopRules(ctx, 10)
	if err != nil {
		s.fail(w, err)
		return
	}
	reviewed, err := s.o.Store.ReviewedCalls(ctx, "")
	if err != nil {
		s.fail(w, err)
		return
	}
	agreement := review.Agreement(s.o.Rulebook, reviewed)
	s.render(w, "dashboard.html", map[string]any{"Weeks": weeks, "Teams": teams, "Top": top, "Agreement": agreement})
}

// appealRow is an appeal with its call's score after review.
type appealRow struct {
	store.Appeal
	After review.Verdict
}

func (s *Server) appeals(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	list, err := s.o.Store.Appeals(ctx)
	if err != nil {
		s.fail(w, err)
		return
	}
	var rows []appealRow
	for _, a := range list {
		c, err := s.o.Store.Call(ctx, a.CallID)
		if err != nil {
			s.fail(w, err)
			return
		}
		all, err := s.o.Store.CallReviews(ctx, a.CallID)
		if err != nil {
			s.fail(w, err)
			return
		}
		rows = append(rows, appealRow{Appeal: a, After: review.Rescore(s.o.Rulebook, c, all)})
	}
	s.render(w, "appeals.html", map[string]any{"Appeals": rows})
}

func (s *Server) fileAppeal(w http.ResponseWriter, r *http.Request) {
	u, ok := s.may(w, r, "appeal")
	if !ok {
		return
	}
	a := store.Appeal{CallID: r.PathValue("call"), Finding: r.PostFormValue("finding"), Agent: u.Name,
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	if _, err := s.o.Store.FileAppeal(r.Context(), a); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, "/appeals", http.StatusSeeOther)
}

func (s *Server) decideAppeal(w http.ResponseWriter, r *http.Request) {
	u, ok := s.may(w, r, "decide")
	if !ok {
		return
	}
	d := r.PostFormValue("decision")
	if d != store.AppealUpheld && d != store.AppealOverturned {
		// Anything but "overturned" was taken for upheld: a typo decided the appeal.
		http.Error(w, fmt.Sprintf(words(s.o.EN, "bad appeal decision"), d), http.StatusBadRequest)
		return
	}
	overturn := d == store.AppealOverturned
	if err := s.o.Store.DecideAppeal(r.Context(), r.PathValue("appeal"), u.Name, overturn, strings.TrimSpace(r.PostFormValue("note"))); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, "/appeals", http.StatusSeeOther)
}

func formatScore(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func pathEscape(s string) string { return url.PathEscape(s) }

// urlSafe and unURLSafe keep a name in a cookie (hex: cookies take no Chinese).
func urlSafe(s string) string { return hex.EncodeToString([]byte(s)) }

func unURLSafe(s string) (string, error) {
	b, err := hex.DecodeString(s)
	return string(b), err
}
