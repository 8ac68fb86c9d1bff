"""What the demo's candidates bring: work experience, qualifications and their recognition.

Why a module: the same tables decide what candidates have done, what they wish for, and
which vacancies need a recognised qualification (``REGULATED``).

About a fifth bring no work experience; most have helper experience; skilled and academic
qualifications from abroad are often not (yet) recognised: ``pending``, ``partial`` or
``none`` (BIBB Anerkennungsmonitoring). Helper jobs need no recognition. Regulated
professions (care specialists, doctors, teachers, Erzieher:innen) need it.
"""

from __future__ import annotations

import random
from functools import cache

from passgenau.demo.sampling import Weighted, chance, pick, weights, words
from passgenau.domain.kldb import KldbCode
from passgenau.domain.model import Occupation, Recognition
from passgenau.reference.kldb import common_occupations

# Experience or qualification a candidate brings, by requirement level (weights).
_CANDIDATE_CODES: dict[int, Weighted[str]] = {
    1: weights("""
        51311:10 54101:10 29301:7 62101:6 62301:5 82101:6 32101:5 25101:4 29201:4 63301:4
        24201:3 33211:3 12101:3 51321:3 22101:2 63221:2 83111:2 83211:2 53111:2 81301:2
        33301:2 52531:2 26301:1 34201:1 22301:1 24411:1 82311:1 25201:1 71401:1"""),
    2: weights("""
        52122:4 25212:4 26212:4 62102:4 29302:4 34212:3 22342:3 32122:3 33212:3 24422:3
        29222:3 82312:3 28222:3 82102:3 81302:3 83112:3 71402:3 52112:3 62112:2 51312:2
        33112:2 24412:2 24232:2 25102:2 29232:2 81102:2 72212:2 26302:2 43412:1 54112:1
        12102:1 53112:1 25122:1 26112:1 63212:1 61212:1 51622:1 62302:1 63302:1 52132:1"""),
    3: weights("""
        82103:1 81313:1 26213:1 34213:1 25213:1 83113:1 83123:1 24233:1 29223:1 54113:1"""),
    4: weights("""
        71304:3 84124:3 81404:3 84114:2 25104:2 26304:2 31104:2 43414:2 81424:1 81474:1
        81804:1 84454:1 31114:1 43104:1"""),
}
# Regulated professions: working in them needs a recognised qualification.
REGULATED = frozenset(
    words("82102 82103 81302 81313 81404 81424 81474 81804 83112 83113 83122 83123 84114 84124")
)
# Helper jobs anyone may wish for while a qualification is being recognised.
_POPULAR_HELPER_JOBS = weights("51311:5 54101:4 62301:4 29301:3 82101:3 25101:2 29201:2 32101:1")


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(e.code.code for e in common_occupations())


def draw_occupations(rng: random.Random, age: int) -> tuple[Occupation, ...]:
    profile = pick(
        rng,
        (("none", 0.35), ("helper", 0.4), ("skilled", 0.2), ("academic", 0.05))
        if age < 23
        else (("none", 0.2), ("helper", 0.45), ("skilled", 0.25), ("academic", 0.1)),
    )
    if profile == "none":
        return ()
    career = max(age - 18, 1)
    if profile == "helper":
        codes = [pick(rng, _CANDIDATE_CODES[1])]
        if chance(rng, 0.3):
            codes.append(pick(rng, _CANDIDATE_CODES[1]))
        return tuple(
            Occupation(KldbCode(c), float(rng.randint(1, min(career, 10))))
            for c in dict.fromkeys(codes)
        )
    level = 2 if profile == "skilled" else pick(rng, ((3, 0.25), (4, 0.75)))
    code = pick(rng, _CANDIDATE_CODES[level])
    result = [
        Occupation(
            KldbCode(code),
            float(rng.randint(1, min(max(age - 22, 1), 25))),
            _recognition(rng, code),
        )
    ]
    if chance(rng, 0.35):  # a helper job done in Germany meanwhile
        helper = pick(rng, _CANDIDATE_CODES[1])
        result.append(Occupation(KldbCode(helper), rng.choice((0.5, 1.0, 2.0, 3.0))))
    return tuple(result)


def _recognition(rng: random.Random, code: str) -> Recognition:
    if code in REGULATED:
        return pick(
            rng,
            (
                (Recognition.FULL, 0.15),
                (Recognition.PARTIAL, 0.25),
                (Recognition.PENDING, 0.35),
                (Recognition.NONE, 0.25),
            ),
        )
    return pick(
        rng,
        (
            (Recognition.FULL, 0.1),
            (Recognition.PARTIAL, 0.15),
            (Recognition.PENDING, 0.15),
            (Recognition.NONE, 0.25),
            (Recognition.NOT_REQUIRED, 0.35),
        ),
    )


def draw_wishes(rng: random.Random, occupations: tuple[Occupation, ...]) -> tuple[KldbCode, ...]:
    """What they want: their own occupation, its helper variant, popular helper jobs."""
    known = _known_codes()
    wishes: list[str] = []
    for occupation in occupations:
        code = occupation.kldb.code
        if code[4] in "12" or chance(rng, 0.6):
            wishes.append(code)
        helper = code[:4] + "1"
        if code[4] != "1" and not occupation.recognition.suffices and helper in known:
            wishes.append(helper)
    while len(wishes) < 1 or (len(wishes) < 3 and chance(rng, 0.4)):
        wishes.append(pick(rng, _POPULAR_HELPER_JOBS))
    return tuple(KldbCode(c) for c in dict.fromkeys(wishes))
