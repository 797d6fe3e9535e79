# Basic clustering of JSONL: one line per article, in input order.
$ tidings cluster tests/fixtures/small.jsonl
{"id":"k1","story":1,"storyline":1,"lang":"en","title":"Ferry strike halts crossings to Texel"}
{"id":"k2","story":1,"storyline":1,"lang":"en","title":"Texel ferry strike enters second day"}
{"id":"k3","story":2,"storyline":2,"lang":"en","title":"Telescope finds water vapour on distant planet"}

# The same from stdin.
$ cat tests/fixtures/small.jsonl | tidings cluster -
{"id":"k1","story":1,"storyline":1,"lang":"en","title":"Ferry strike halts crossings to Texel"}
{"id":"k2","story":1,"storyline":1,"lang":"en","title":"Texel ferry strike enters second day"}
{"id":"k3","story":2,"storyline":2,"lang":"en","title":"Telescope finds water vapour on distant planet"}

# Stories file: one object per story, most central article first.
$ tidings cluster --stories "$TD_TMP/s.jsonl" tests/fixtures/small.jsonl > /dev/null && cat "$TD_TMP/s.jsonl"
{"story":1,"label":"Texel, Den Helder: ferry, strike, crew","title":"Ferry strike halts crossings to Texel","size":2,"langs":["en"],"sources":["coastnews.example","islandpost.example"],"first":"2024-04-02","last":"2024-04-03","storyline":1,"articles":["k1","k2"]}
{"story":2,"label":"Nature Astronomy, Kepler: planet, water, telescope","title":"Telescope finds water vapour on distant planet","size":1,"langs":["en"],"sources":["sciencewire.example"],"first":"2024-04-02","last":"2024-04-02","storyline":2,"articles":["k3"]}

# A readable table.
$ tidings cluster --format text tests/fixtures/small.jsonl
3 articles in 2 stories

story 1  2 articles  [en]  2024-04-02 .. 2024-04-03
  Texel, Den Helder: ferry, strike, crew
  - k1                       en  Ferry strike halts crossings to Texel
  - k2                       en  Texel ferry strike enters second day

story 2  1 article  [en]  2024-04-02
  Nature Astronomy, Kepler: planet, water, telescope
  - k3                       en  Telescope finds water vapour on distant planet

# The output does not depend on the number of threads.
$ tidings cluster --threads 3 --check tests/fixtures/small.jsonl | cmp - "$TD_TMP/../$(basename "$TD_TMP")/s.jsonl" >/dev/null; tidings cluster --threads 3 tests/fixtures/small.jsonl
{"id":"k1","story":1,"storyline":1,"lang":"en","title":"Ferry strike halts crossings to Texel"}
{"id":"k2","story":1,"storyline":1,"lang":"en","title":"Texel ferry strike enters second day"}
{"id":"k3","story":2,"storyline":2,"lang":"en","title":"Telescope finds water vapour on distant planet"}

# Large inputs are read and clustered a block at a time (--block N
# articles; default 65,536): an undated input gives the same stories in
# blocks of any size.
$ sed 's/"date": "[^"]*", //' demo/articles.jsonl > "$TD_TMP/u.jsonl" && tidings cluster "$TD_TMP/u.jsonl" > "$TD_TMP/one" && tidings cluster --block 4 "$TD_TMP/u.jsonl" > "$TD_TMP/four" && cmp "$TD_TMP/one" "$TD_TMP/four" && grep -c '"date"' "$TD_TMP/u.jsonl"; wc -l < "$TD_TMP/four"
0
39

# A duplicate id is found across blocks too.
$ tidings cluster --block 1 tests/fixtures/small.jsonl tests/fixtures/small.jsonl 2>&1 >/dev/null | head -2
tests/fixtures/small.jsonl:1: error: field 'id': duplicate id "k1"; record skipped
tests/fixtures/small.jsonl:2: error: field 'id': duplicate id "k2"; record skipped

$ tidings cluster --block 0 tests/fixtures/small.jsonl 2>&1 | head -1
tidings: --block takes a number of articles >= 1: 0

# The live window: the demo corpus spans ten months; with a 30-day window
# most of its stories close on the way, and the stories, storylines and
# order of the articles come out the same as with every story kept live.
$ tidings cluster --live-days 30 --stories "$TD_TMP/l30" demo/articles.jsonl > "$TD_TMP/a30" && tidings cluster --live-days 0 --stories "$TD_TMP/l0" demo/articles.jsonl > "$TD_TMP/a0" && cmp "$TD_TMP/a30" "$TD_TMP/a0" && cmp "$TD_TMP/l30" "$TD_TMP/l0" && wc -l < "$TD_TMP/l0"
10

$ tidings cluster --live-days 30 --stats demo/articles.jsonl 2>&1 > /dev/null | sed 's/.*; //'
10 stories, 7 closed

$ tidings cluster --live-days 0 --stats demo/articles.jsonl 2>&1 > /dev/null | sed 's/.*; //'
10 stories, 0 closed

# Key names: two fights of one champion against two challengers are two
# stories (each story's reports lead with a name the other never mentions);
# without the name conflict the shared vocabulary makes them one.
$ tidings cluster tests/fixtures/fights.jsonl | sed 's/"storyline":[0-9]*,//'; tidings cluster --param w_nconf=0 tests/fixtures/fights.jsonl | cut -d, -f2 | tr '\n' ' '; echo
{"id":"f1","story":1,"lang":"en","title":"Halvorsen stops Quint to keep heavyweight belts"}
{"id":"f2","story":1,"lang":"en","title":"Champion Halvorsen beats Quint in seven rounds"}
{"id":"f3","story":2,"lang":"en","title":"Brandt no match for Halvorsen"}
{"id":"f4","story":2,"lang":"en","title":"Halvorsen ends Brandt challenge with sixth-round knockout"}
"story":1 "story":1 "story":1 "story":1 
$ tidings explain f3 f1 --input tests/fixtures/fights.jsonl | grep -E 'same story|conflict|key names'
  same story: no
    = time 1.0000 x (1.00 x text 0.2655 + 0.10 x entities 0.3042 + 0.00 x concepts 0.2655 + 0.00 x numbers 0.0000 + 0.10 x dates 0.0000) x (1 - 0.25 x date conflict 0) x (1 - 0.30 x name conflict 1.00)
  key names of f3: -Brandt Halvorsen
  key names of f1: -Quint Halvorsen
  f1 against the story of f3 (now): score 0.2075 (text 0.2642, entities 0.3227, name conflict 1.00)

# A story of one article that a later article's join makes close enough is
# absorbed (absorb, absorb_margin): b opened story 2 against a alone (they
# share "harbour ferry crane"); c joins a's story (the telescope words),
# which, grown by c (the orchard words), now wins b. Without absorption b
# stays apart.
$ tidings cluster tests/fixtures/absorb.jsonl | sed 's/,"storyline.*//'
{"id":"a","story":1
{"id":"b","story":1
{"id":"c","story":1
$ tidings cluster --param absorb=0 tests/fixtures/absorb.jsonl | sed 's/,"storyline.*//'
{"id":"a","story":1
{"id":"b","story":2
{"id":"c","story":1
$ tidings explain b c --input tests/fixtures/absorb.jsonl | sed -n '2,6p'
  b [en] Schist gneiss
    story 1 (opened: best candidate story 1 scored 0.2284 < 0.2600)
    its story 2 was absorbed by story 1 when c joined that: it then scored 0.3180 against it (threshold 0.2600)
  c [en] Pistachio acorn
    story 1 (joined with score 0.3021, 2 candidates)
