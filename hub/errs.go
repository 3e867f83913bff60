package hub

import (
	"errors"

	"postcrm"
)

func isNotFound(err error) bool { return errors.Is(err, postcrm.ErrNotFound) }
