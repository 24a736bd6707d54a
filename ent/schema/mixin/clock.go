package mixin

import "time"

// now is the clock of the model; UTC so that stored instants compare the same on every database.
func now() time.Time { return time.Now().UTC() }
