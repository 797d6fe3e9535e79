# The bundled demo corpus: within each language, tidings groups the
# articles exactly as the gold stories do.
$ python3 tests/demo_check.py
demo: same-language stories match gold
