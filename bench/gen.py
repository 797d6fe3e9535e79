#!/usr/bin/env python3
"""gen.py N [SEED] -- write a synthetic multilingual news stream (JSONL).

Seeded and reproducible. Each story has a vocabulary of its own (names,
places, numbers, topic words drawn from a Zipf-distributed lexicon) and
is told by a Zipf-distributed number of articles in several languages and
scripts (Latin, Cyrillic, Greek, Arabic, Han) over up to four days, the
stories starting in stream order over 60 days; article
lengths are log-normal with a median near 2,000 characters; some articles
are near-duplicates of others; noise lines (cookie, share, comment forms)
are mixed in. Words are made of syllables, so no real text is involved.
"""
import json, math, random, sys

SCRIPTS = {
    "en": "latin", "nl": "latin", "de": "latin", "fr": "latin", "es": "latin",
    "it": "latin", "pl": "latin", "tr": "latin", "ru": "cyrillic", "uk": "cyrillic",
    "el": "greek", "ar": "arabic", "zh": "han",
}
SYL = {
    "latin": ["ka", "to", "ri", "me", "sa", "lo", "ven", "dra", "ne", "mi", "sto", "ber", "an",
              "el", "or", "un", "ta", "ge", "ho", "pri", "mar", "zen", "ul", "qua"],
    "cyrillic": ["ка", "то", "ри", "ме", "са", "ло", "вен", "дра", "не", "ми", "сто", "бер",
                 "ан", "ел", "ор", "ун", "та", "ге", "хо", "при", "мар", "зен"],
    "greek": ["κα", "το", "ρι", "με", "σα", "λο", "βεν", "δρα", "νε", "μι", "στο", "μπερ"],
    "arabic": ["كا", "تو", "ري", "مي", "سا", "لو", "فن", "درا", "ني", "مي", "ستو", "بر"],
    "han": list("政府经济发展国家市场公司城市国际会议报告人民技术安全能源交通教育"),
}
NOISE = ["Please enter your comment!", "Share this article", "We use cookies to improve your experience.",
         "Accessibility links", "Read more:", "Sign up for our newsletter"]

def word(rng, script, lo=2, hi=4):
    n = rng.randint(lo, hi) if script != "han" else rng.randint(1, 2)
    return "".join(rng.choice(SYL[script]) for _ in range(n))

def main(argv):
    n = int(argv[0]) if argv else 10000
    rng = random.Random(int(argv[1]) if len(argv) > 1 else 42)
    langs = list(SCRIPTS)
    lex = {l: [word(rng, SCRIPTS[l]) for _ in range(6000)] for l in langs}
    zipf = [1.0 / (r + 1) ** 1.05 for r in range(6000)]
    total = sum(zipf)
    cum, acc = [], 0.0
    for z in zipf:
        acc += z / total
        cum.append(acc)

    def common(lang):
        x = rng.random()
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return lex[lang][lo]

    out = sys.stdout
    written, story_no = 0, 0
    day0 = 19000  # days since 1970: early 2022
    while written < n:
        story_no += 1
        size = min(n - written, max(1, int(rng.paretovariate(1.3))))
        # stories start in stream order over 60 days, as a live feed
        # brings them (a block of articles then spans a few days, and the
        # live window can close the stories it left behind)
        day = day0 + int((written + rng.random()) * 60 / n)
        names = [word(rng, "latin").capitalize() + " " + word(rng, "latin").capitalize()
                 for _ in range(3)]
        place = word(rng, "latin").capitalize()
        nums = [str(rng.randint(10, 9999)) for _ in range(3)]
        topic = {l: [word(rng, SCRIPTS[l]) for _ in range(25)] for l in langs}
        story_langs = rng.sample(langs, k=min(len(langs), 1 + int(rng.random() * 4)))
        prev = None
        for k in range(size):
            lang = rng.choice(story_langs)
            if prev and rng.random() < 0.05:
                text = prev["text"] + "\n" + rng.choice(NOISE)
            else:
                target = int(math.exp(rng.gauss(math.log(2000), 0.6)))
                paras, length = [], 0
                while length < target:
                    sent = []
                    for _ in range(rng.randint(8, 20)):
                        r = rng.random()
                        if r < 0.12:
                            sent.append(rng.choice(topic[lang]))
                        elif r < 0.16:
                            sent.append(rng.choice(names))
                        elif r < 0.18:
                            sent.append(place)
                        elif r < 0.19:
                            sent.append(rng.choice(nums))
                        else:
                            sent.append(common(lang))
                    s = " ".join(sent)
                    s = s[0].upper() + s[1:] + ("。" if lang == "zh" else ".")
                    paras.append(s)
                    length += len(s)
                if rng.random() < 0.3:
                    paras.insert(rng.randint(0, len(paras)), rng.choice(NOISE))
                text = "\n\n".join(paras)
            d = day + int(rng.random() * 4)
            y, m, dd = civil(d)
            rec = {"id": f"syn{written:07d}", "lang": lang, "date": f"{y:04d}-{m:02d}-{dd:02d}",
                   "source": f"src{rng.randint(1, 200)}.example",
                   "title": " ".join(rng.choice(topic[lang]) for _ in range(6)).capitalize(),
                   "text": text, "story": f"s{story_no}"}
            prev = rec
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            written += 1
            if written >= n:
                break

def civil(z):
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (m <= 2), m, d

if __name__ == "__main__":
    main(sys.argv[1:])
