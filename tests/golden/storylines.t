# Storylines: stories that continue one another, months apart. In the demo
# corpus: the Ares-3 launch and the lost contact; the Candidates and the
# title match; the Valencia floods and the rebuilding fund. The Rotterdam
# and Antwerp strikes (other port, union, people) stay apart.
$ tidings storylines demo/articles.jsonl | sed 's/"label":"[^"]*",//g; s/"title":"[^"]*",//g'
{"storyline":2,"stories":[{"story":2,"size":4,"first":"2025-02-12","last":"2025-02-13"},{"story":7,"size":3,"first":"2025-09-03","last":"2025-09-04"}]}
{"storyline":4,"stories":[{"story":4,"size":5,"first":"2025-04-21","last":"2025-04-22"},{"story":9,"size":3,"first":"2025-11-14","last":"2025-11-15"}]}
{"storyline":8,"stories":[{"story":8,"size":5,"first":"2025-10-28","last":"2025-10-29"},{"story":10,"size":3,"first":"2025-11-25","last":"2025-11-26"}]}

# Every article line carries its storyline.
$ tidings cluster demo/articles.jsonl | grep -E '"id":"(h-en-1|i-en-1|a-en-1|b-en-1)"' | sed 's/,"lang".*//'
{"id":"a-en-1","story":3,"storyline":3
{"id":"b-en-1","story":5,"storyline":5
{"id":"h-en-1","story":2,"storyline":2
{"id":"i-en-1","story":7,"storyline":2
