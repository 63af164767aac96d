package neo4jdb

// SetTieChunk sets the chunk of db's full tie recomputations (tests).
func SetTieChunk(db *DB, n int) { db.tieChunk = n }

// SetTieWriters sets how many chunks db's full tie recomputations write at
// once (tests).
func SetTieWriters(db *DB, n int) { db.tieWriters = n }
