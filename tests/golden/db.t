# ingest: one line per article once its transaction committed.
$ tidings ingest --db "$TD_TMP/n.db" tests/fixtures/small.jsonl
{"id":"k1","story":1,"status":"stored"}
{"id":"k3","story":2,"status":"stored"}
{"id":"k2","story":1,"status":"stored"}
ingest: 3 stored, 0 already stored (unchanged), 0 skipped; 3 articles in 2 stories

# Re-ingesting is a reported no-op; new articles join their stories.
$ printf '%s\n' '{"id":"k1","text":"changed text is ignored"}' '{"id":"k4","date":"2024-04-04","text":"Texel ferry crews end their strike after the union accepts a new contract for 300 crew members."}' | tidings ingest --db "$TD_TMP/n.db" -
{"id":"k1","story":1,"status":"exists"}
{"id":"k4","story":1,"status":"stored"}
ingest: 1 stored, 1 already stored (unchanged), 0 skipped; 4 articles in 2 stories

$ tidings stories --db "$TD_TMP/n.db" --format text
    1     3  Ferry strike halts crossings to Texel
             Texel, Den Helder: crew, ferry, strike
    2     1  Telescope finds water vapour on distant planet
             Nature Astronomy, Kepler: planet, water, telescope

$ tidings stories --db "$TD_TMP/n.db" --query telescope | cut -c1-60
{"id":2,"label":"Nature Astronomy, Kepler: planet, water, te

$ tidings story --db "$TD_TMP/n.db" 1 | grep -o '"articles":\[[^]]*\]' | grep -o '"id":"k[0-9]"'
"id":"k1"
"id":"k2"
"id":"k4"

$ tidings story --db "$TD_TMP/n.db" 99
tidings: story not found
[2]

$ tidings check --db "$TD_TMP/n.db"
check: ok (4 articles, 2 stories)

# A database written by a newer tidings is refused, naming the file.
$ sqlite3 "$TD_TMP/n.db" 'PRAGMA user_version = 99' && tidings check --db "$TD_TMP/n.db" 2>&1 | sed "s|$TD_TMP|TMP|"
tidings: TMP/n.db: database schema version 99 is newer than this tidings (2)

# A file that is no database.
$ echo 'just some text, not a database at all, long enough' > "$TD_TMP/t.db"; tidings check --db "$TD_TMP/t.db" 2>&1 | sed "s|$TD_TMP|TMP|"
tidings: TMP/t.db: file is not a database

# A broken invariant is found: a story whose size is wrong.
$ tidings ingest --db "$TD_TMP/m.db" tests/fixtures/small.jsonl > /dev/null 2>&1; sqlite3 "$TD_TMP/m.db" 'UPDATE stories SET size = 7 WHERE id = 1'; tidings check --db "$TD_TMP/m.db"
check failed: stories whose size is not their member count: 1
[1]

# Migration: a version-1 database (no storylines) is brought to version 2
# on open, and the next ingest fills the storylines in.
$ tidings ingest --db "$TD_TMP/v1.db" demo/articles.jsonl > /dev/null 2>&1 && sqlite3 "$TD_TMP/v1.db" "DROP INDEX stories_storyline; ALTER TABLE stories DROP COLUMN storyline; PRAGMA user_version = 1; UPDATE meta SET value = '1' WHERE key = 'schema_version'" && sqlite3 "$TD_TMP/v1.db" 'PRAGMA user_version'
1

$ tidings check --db "$TD_TMP/v1.db" && sqlite3 "$TD_TMP/v1.db" 'PRAGMA user_version' && sqlite3 "$TD_TMP/v1.db" "SELECT value FROM meta WHERE key = 'schema_version'"
check: ok (39 articles, 10 stories)
2
2

$ printf '%s\n' '{"id":"m1","date":"2025-09-05","text":"ESA engineers regain contact with the Ares-3 Mars probe through its backup antenna, Darmstadt says."}' | tidings ingest --db "$TD_TMP/v1.db" - > /dev/null 2>&1; sqlite3 "$TD_TMP/v1.db" 'SELECT id, storyline FROM stories WHERE storyline != id ORDER BY id'
7|2
9|4
10|8

# ingest reads its input in the same blocks as cluster (--block N), so both
# give the same stories.
$ tidings ingest --block 7 --db "$TD_TMP/b.db" demo/articles.jsonl > /dev/null 2>&1; sqlite3 -separator ' ' "$TD_TMP/b.db" "SELECT a.id, m.story FROM articles a JOIN memberships m ON m.seq = a.seq" | sort > "$TD_TMP/i"; tidings cluster --block 7 demo/articles.jsonl | sed 's/^{"id":"\([^"]*\)","story":\([0-9]*\),.*/\1 \2/' | sort > "$TD_TMP/c"; cmp "$TD_TMP/i" "$TD_TMP/c" && wc -l < "$TD_TMP/c"
39

# An absorbed story of one article is a merge in the store too: its
# history says so, its id redirects, and the database checks out.
$ tidings ingest --db "$TD_TMP/abs.db" tests/fixtures/absorb.jsonl > /dev/null 2>&1; sqlite3 "$TD_TMP/abs.db" "SELECT story, event, article, substr(detail, 1, 42) FROM story_history WHERE event IN ('merged', 'redirected') ORDER BY story"; tidings check --db "$TD_TMP/abs.db"
1|merged|c|story 2 (one article) absorbed into 1: its
2|redirected|c|story 2 (one article) absorbed into 1: its
check: ok (3 articles, 1 stories)
