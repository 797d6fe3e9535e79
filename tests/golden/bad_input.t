# Every bad record gets one message naming file, line and field; every
# good record is still clustered; the exit status is 2.
$ tidings cluster tests/fixtures/bad.jsonl
tests/fixtures/bad.jsonl:2: error: field 'text': empty
tests/fixtures/bad.jsonl:3: error: field 'id': missing
tests/fixtures/bad.jsonl:4: error: field 'text': missing
tests/fixtures/bad.jsonl:6: error: malformed JSON: premature end of input near '"A broken record' at column 34
tests/fixtures/bad.jsonl:7: error: record is not a JSON object
tests/fixtures/bad.jsonl:9: warning: field 'title': not a string; ignored
tests/fixtures/bad.jsonl:9: warning: field 'date': not an ISO 8601 date; ignored
tests/fixtures/bad.jsonl:11: error: field 'text': not a string
tests/fixtures/bad.jsonl:5: error: field 'id': duplicate id "g1"; record skipped
{"id":"g1","story":1,"storyline":1,"lang":"en","title":null}
{"id":"12345","story":1,"storyline":1,"lang":"en","title":null}
{"id":"g5","story":1,"storyline":1,"lang":"en","title":null}
[2]

# Plain-text files in a directory: date header, title line, noise removed;
# a binary file and an empty file are reported and skipped; other
# extensions are not read.
$ tidings cluster tests/fixtures/txt
tests/fixtures/txt/003_binary.txt: error: binary file (NUL bytes); skipped
tests/fixtures/txt/004_empty.txt: error: field 'text': empty file
{"id":"001_ferry","story":1,"storyline":1,"lang":"en","title":"Ferry strike halts crossings to Texel"}
{"id":"002_ferry","story":1,"storyline":1,"lang":"en","title":"Texel ferry strike enters second day"}
[2]

# Directories are read recursively.
$ tidings cluster tests/fixtures/nested
{"id":"deep1","story":1,"storyline":1,"lang":"en","title":null}

# A missing input is reported; the other inputs are still read.
$ tidings cluster /nonexistent/input.jsonl tests/fixtures/nested
/nonexistent/input.jsonl: error: cannot open: No such file or directory
{"id":"deep1","story":1,"storyline":1,"lang":"en","title":null}
[2]

# A 3 MB article is truncated at the article cap with a warning.
$ awk 'BEGIN { s = "word "; while (length(s) < 3000000) s = s s; printf "{\"id\":\"big\",\"text\":\"%s\"}\n", s }' > "$TD_TMP/big.jsonl"; tidings cluster "$TD_TMP/big.jsonl" 2>&1 | sed "s|$TD_TMP|TMP|"
TMP/big.jsonl:1: warning: field 'text': 5242880 bytes; only the first 1048576 are analysed
TMP/big.jsonl:1: warning: field 'text': text longer than the article cap; the rest was not analysed
{"id":"big","story":1,"storyline":1,"lang":"und","title":null}

# A file that is only noise is kept as a story of its own, with a warning.
$ printf '{"id":"n1","text":"Accessibility links\\nShare this article"}\n' | tidings cluster -
-:1: warning: field 'text': nothing left to cluster on after cleaning; a story of its own
{"id":"n1","story":1,"storyline":1,"lang":"en","title":null}

# A lexicon that cannot be used is reported once; the articles are still
# clustered (without translated concepts), and the status stays 0.
$ TIDINGS_LEXICON=tests/fixtures/small.jsonl tidings cluster tests/fixtures/small.jsonl 2>&1 >/dev/null
tests/fixtures/small.jsonl: warning: field 'lexicon': not a version 5 lexicon (run make to rebuild it); clustering without translated concepts (cross-language stories are weaker)

$ TIDINGS_LEXICON=tests/fixtures/no-such-lexicon.bin tidings cluster tests/fixtures/small.jsonl 2>/dev/null | wc -l
3
