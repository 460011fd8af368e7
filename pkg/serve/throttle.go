package serve

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Failed logins are counted by user name and by client address: past a limit within
// failWindow the next attempt is refused, right password or not, until the oldest
// failure of the window has aged out. A password or a token cannot be guessed at the
// speed of the network (bcrypt spends 60 ms of a core on each try, so a guesser also
// held the machine), and a guesser moving between names is stopped by its address.
const (
	failWindow  = 15 * time.Minute
	nameFails   = 5  // failures of one name
	clientFails = 20 // failures from one address
	// keepKeys is how many names and addresses are remembered before the expired ones go.
	keepKeys = 4096
)

type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	now   func() time.Time
}

func newThrottle() *throttle {
	return &throttle{fails: map[string][]time.Time{}, now: time.Now}
}

// client is the key of the request's address.
func client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr\x00" + host
}

// nameKey is the key of a user name.
func nameKey(name string) string { return "name\x00" + name }

// limit is how many failures key may have in a window.
func limit(key string) int {
	if key[:4] == "name" {
		return nameFails
	}
	return clientFails
}

// wait is how long until keys may try again: 0 when none is locked.
func (t *throttle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		f := t.live(k, now)
		if len(f) >= limit(k) {
			// Free when the failure that made the count the limit has aged out.
			longest = max(longest, f[len(f)-limit(k)].Add(failWindow).Sub(now))
		}
	}
	return longest
}

// fail records a failure of each key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.fails) >= keepKeys {
		for k := range t.fails {
			if len(t.live(k, now)) == 0 {
				delete(t.fails, k)
			}
		}
	}
	for _, k := range keys {
		f := t.live(k, now)
		if len(f) >= 2*limit(k) {
			f = f[1:] // enough to stay locked; memory stays bounded
		}
		t.fails[k] = append(f, now)
	}
}

// forget clears key's failures: the user logged in.
func (t *throttle) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// live drops key's failures older than the window; t.mu is held.
func (t *throttle) live(key string, now time.Time) []time.Time {
	f := t.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= failWindow {
		i++
	}
	if i == len(f) {
		delete(t.fails, key)
		return nil
	}
	f = f[i:]
	t.fails[key] = f
	return f
}
