"""Rebuild `pii_eval.jsonl`: synthetic UK records with gold PII spans, plus PII-free look-alike text.

    python evals/data/guardrails/build_pii_set.py

All values are synthetic: NHS numbers carry a valid mod-11 check digit but are random; phone numbers use
Ofcom's drama ranges (020 7946 0xxx, 07700 900xxx); names are common UK names. Deterministic (seeded).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(936)
FIRST = "Jane John Aisha Mohammed Olivia Oliver Priya Rhys Siobhan Callum Grace Tomasz Fatima Ewan Chloe Daniel".split()
LAST = "Smith Jones Patel Williams Brown Taylor Khan Evans O'Brien MacLeod Davies Nowak Hughes Ahmed Wilson Clarke".split()
TITLES = ["Mr", "Mrs", "Ms", "Dr", "Miss"]
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
POSTCODES = ["SW1A 2AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EH1 1YZ", "CF10 1EP", "BT1 5GS", "LS1 4AP",
             "G2 1DY", "NE1 7RU", "BS1 6QH", "W1A 0AX", "EC1A 1BB", "L3 4AD", "OX1 2JD"]
MONTHS = "January February March April May June July August September October November December".split()


def nhs() -> str:
    while True:
        d = [rng.randint(4, 7)] + [rng.randint(0, 9) for _ in range(8)]
        check = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, d + [check]))
            return rng.choice([f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def ni() -> str:
    p = rng.choice(NI_FIRST) + rng.choice(NI_SECOND)
    n = [f"{rng.randint(0, 99):02d}" for _ in range(3)]
    return rng.choice([f"{p}{''.join(n)}{rng.choice('ABCD')}", f"{p} {' '.join(n)} {rng.choice('ABCD')}"])


def phone() -> str:
    return rng.choice([f"020 7946 0{rng.randint(0, 999):03d}", f"07700 900{rng.randint(0, 999):03d}",
                       f"+44 7700 900{rng.randint(0, 999):03d}", f"0113 496 0{rng.randint(0, 999):03d}",
                       f"(0161) 496 0{rng.randint(0, 999):03d}"])


def dob() -> str:
    y, m, d = rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d} {MONTHS[m - 1]} {y}", f"{y}-{m:02d}-{d:02d}"])


def licence(last: str, first: str) -> str:
    sur = (last.upper().replace("'", "") + "99999")[:5]
    y, m, d = rng.randint(40, 99), rng.randint(1, 12), rng.randint(1, 28)
    return f"{sur}{str(y)[0]}{m + rng.choice([0, 50]):02d}{d:02d}{str(y)[1]}{first[0]}9{rng.randint(0, 9)}{rng.choice(['AB', 'IJ', 'XY'])}"


def record() -> tuple[str, list[dict]]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}"
    parts: list[tuple[str, str | None]] = []
    style = rng.random()
    if style < 0.5:
        parts += [("Name: ", None), (name, "PERSON")]
    else:
        parts += [(f"{rng.choice(TITLES)} ", None), (name, "PERSON")]
    fields = [("date of birth ", dob, "DATE_OF_BIRTH"), ("NI number ", ni, "NI_NUMBER"),
              ("NHS number ", nhs, "NHS_NUMBER"), ("tel ", phone, "PHONE"),
              ("email ", lambda: f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.gov.uk", "EMAIL"),
              ("postcode ", lambda: rng.choice(POSTCODES), "POSTCODE"),
              ("sort code ", lambda: f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}", "SORT_CODE"),
              ("account number ", lambda: f"{rng.randint(10000000, 99999999)}", "BANK_ACCOUNT"),
              ("passport number ", lambda: f"{rng.randint(100000000, 999999999)}", "PASSPORT"),
              ("driving licence ", lambda: licence(last, first), "DRIVING_LICENCE")]
    for label, make, entity in rng.sample(fields, rng.randint(3, 6)):
        parts += [(", " + label, None), (make(), entity)]
    parts.append((".", None))
    text, spans, _pos = "", [], 0
    for chunk, entity in parts:
        if entity:
            spans.append({"type": entity, "start": len(text), "end": len(text) + len(chunk)})
        text += chunk
    return text, spans


NEGATIVES = [
    "FR-104: p99 latency shall stay below 300 ms for 1,000 requests per second.",
    "The contract value is £1,250,000 over 36 months from 01/04/2025.",
    "Model version 2.14.1 was promoted on 2024-11-03 after review REQ-2291.",
    "Accuracy must exceed 0.92 on the 2023 hold-out set of 45,000 cases.",
    "The batch job runs at 02:00 and processes about 120000 records.",
    "Ticket INC0012345 tracks the outage of 12 March 2024.",
    "Retain logs for 400 days; purge records older than 2017.",
    "The Docker image sha256 digest is 3f5a9c0d1e2b4a6c8d0e1f2a3b4c5d6e.",
    "Budget code 4410-22-17 covers the pilot in the North West region.",
    "The risk register lists 14 open risks, 3 rated high.",
    "Section 7.3 requires 5 named reviewers and a quorum of 3.",
    "Data from 1 January 2020 to 31 December 2023 is in scope.",
    "The Data Science Team owns the model; the Service Owner approves releases.",
    "Owner: Head of Data Science. Approver: Chief Data Officer.",
    "Run pytest with seed 20240601 and tolerance 1e-6.",
    "Store 30 days of features in the online store and 2 years offline.",
]


def main() -> None:
    rows = []
    for _ in range(220):
        text, spans = record()
        rows.append({"text": text, "spans": spans})
    for neg in NEGATIVES:
        rows.append({"text": neg, "spans": []})
    with open(HERE / "pii_eval.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print("pii_eval.jsonl", len(rows), "rows")


if __name__ == "__main__":
    main()
