# The bundled demo corpus: within each language, tidings groups the
# articles exactly as the gold stories do.
$ python3 tests/demo_check.py
demo: same-language stories match gold

# Across languages too: every gold story of the demo is one story.
$ python3 tests/demo_check.py --cross
demo: all stories match gold
