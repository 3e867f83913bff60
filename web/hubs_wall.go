package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"postcrm"
	"postcrm/hub"
)

// wallInterval is how often the wall screen's stream sends the board,
// and so how soon a revoked link stops.
var wallInterval = 5 * time.Second

// errWallRevoked answers a wall-screen link that is unknown or revoked.
var errWallRevoked = userError(http.StatusUnauthorized, "hubs.wall_revoked")

// wallBoardOf is the one way the wall screen reads: the board of the hub
// of a working link, as of at. It holds the store's link and board reads
// inside, so no handler holds a read without a scope.
func wallBoardOf(st hub.WallStore) func(ctx context.Context, token string, at time.Time) (hub.Board, error) {
	return func(ctx context.Context, token string, at time.Time) (hub.Board, error) {
		l, err := st.HubLink(ctx, tokenHash(token))
		if errors.Is(err, postcrm.ErrNotFound) || (err == nil && !l.RevokedAt.IsZero()) {
			return hub.Board{}, errWallRevoked
		}
		if err != nil {
			return hub.Board{}, err
		}
		return hub.Load(ctx, st, l.Hub, at)
	}
}

// wallView is the wall screen: the board's tiles and projection.
type wallView struct {
	boardView
	Token string
}

func (s *Server) wallNow() time.Time { return s.now().In(postcrm.ChinaTime).Truncate(time.Second) }

func (s *Server) wallPage(w http.ResponseWriter, req *Request) error {
	token := req.PathValue("token")
	b, err := s.wallBoard(req.Context(), token, s.wallNow())
	if err != nil {
		return err
	}
	return s.renderPage(w, req, http.StatusOK, "hub_wall", "hubs.wall_title", wallView{boardView: s.boardView(req, b, ""), Token: token})
}

// wallEvent is one update of the wall screen.
type wallEvent struct {
	Snapshot  int64     `json:"snapshot"`
	At        string    `json:"at"`
	Tiles     []hubTile `json:"tiles"`
	ClearText string    `json:"clear"`
	ExtraText string    `json:"extra"`
}

// wallEvents streams the board every wallInterval as server-sent events.
// A revoked link ends the stream; the browser's reconnection then gets
// 401, which the page shows. After a restart the browser reconnects
// and gets the latest board at once.
func (s *Server) wallEvents(w http.ResponseWriter, req *Request) error {
	token := req.PathValue("token")
	ctx := req.Context()
	b, err := s.wallBoard(ctx, token, s.wallNow())
	if err != nil {
		return err
	}
	h := w.Header()
	if req.Method == http.MethodHead { // the page asking whether the link still works
		w.WriteHeader(http.StatusOK)
		return nil
	}
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	fmt.Fprintf(w, "retry: 2000\n\n")
	tick := time.NewTicker(wallInterval)
	defer tick.Stop()
	for {
		v := s.boardView(req, b, "")
		data, err := json.Marshal(wallEvent{Snapshot: v.Snapshot, At: v.AtText, Tiles: v.Tiles, ClearText: v.ClearText, ExtraText: v.ExtraText})
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "id: %d\nevent: board\ndata: %s\n\n", v.Snapshot, data); err != nil {
			return nil // the screen went away
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.streams.Done():
			return nil
		case <-tick.C:
		}
		if b, err = s.wallBoard(ctx, token, s.wallNow()); err != nil {
			// Revoked (or the store failed): end the stream; the next
			// connection is answered 401 or its error.
			return nil
		}
	}
}
