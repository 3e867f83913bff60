package contest

// Result is what a replay ends with: the result sheet's figures.
type Result struct {
	Teams []TeamResult `json:"teams"`
	Fouls []Foul       `json:"fouls"`
	// ChooseOrder and Choices are the (last) risk round's, by seat.
	ChooseOrder []int      `json:"choose_order"`
	Choices     []Choice   `json:"choices"`
	Reversals   []Reversal `json:"reversals"`
	Events      int64      `json:"events"`
}

// TeamResult is one team's line of the result sheet.
type TeamResult struct {
	Seat  int    `json:"seat"`
	Name  string `json:"name"`
	Lot   int    `json:"lot"`
	Score int    `json:"score"`
	Fouls int    `json:"fouls"`
	// Rank is 1 for the highest score; equal scores share a rank.
	Rank int `json:"rank"`
}

// Result is the state's result sheet.
func (s *State) Result() Result {
	r := Result{Fouls: s.Fouls, ChooseOrder: s.ChooseOrder, Choices: s.Choices, Reversals: s.Reversals, Events: s.Seq}
	for i, name := range s.Teams {
		tr := TeamResult{Seat: i + 1, Name: name, Lot: s.Lots[i], Score: s.Scores[i], Rank: 1}
		for _, f := range s.Fouls {
			if f.Team == i+1 && !f.Reversed {
				tr.Fouls++
			}
		}
		for _, other := range s.Scores {
			if other > s.Scores[i] {
				tr.Rank++
			}
		}
		r.Teams = append(r.Teams, tr)
	}
	return r
}
