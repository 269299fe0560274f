#!/usr/bin/env python3
"""Writes a synthetic corpus for the extraction benchmark: N articles of about 3 KB, built
from sentence templates with varied countries, people, stances and figures. About a third of
the sentences state a fact, as in the seed articles; the others are background the extractor
must read and reject (dates, money, casualties, diplomacy). Deterministic for a given --seed.

Usage: bench/extract/generate.py --count 10000 --out /tmp/corpus [--seed 7]
"""
import argparse
import os
import random

COUNTRIES = [
    ("British", "Britain", "London"), ("French", "France", "Paris"), ("German", "Germany", "Berlin"),
    ("Italian", "Italy", "Rome"), ("Polish", "Poland", "Warsaw"), ("Spanish", "Spain", "Madrid"),
    ("Dutch", "the Netherlands", "The Hague"), ("Swedish", "Sweden", "Stockholm"),
    ("Finnish", "Finland", "Helsinki"), ("Danish", "Denmark", "Copenhagen"),
    ("Norwegian", "Norway", "Oslo"), ("Estonian", "Estonia", "Tallinn"), ("Canadian", "Canada", "Ottawa"),
    ("Turkish", "Turkey", "Ankara"), ("Romanian", "Romania", "Bucharest"), ("Czech", "the Czech Republic", "Prague"),
]
ROLES = ["Defence Minister", "Foreign Minister", "Prime Minister", "President", "Defense Secretary"]
FIRST = ["Anna", "Lars", "Marco", "Elena", "Jan", "Sofia", "Pierre", "Katrin", "Tomas", "Ingrid", "Pavel", "Maria"]
LAST = ["Berg", "Novak", "Rossi", "Dubois", "Kowalski", "Lindqvist", "Moreau", "Fischer", "Horvat", "Jensen"]
OUTLETS = ["Reuters", "AFP", "Politico", "The Guardian", "Bloomberg", "Le Monde", "The Times"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October"]

TEMPLATES = [
    "{adj} {role} {name} said {country} is ready to send troops to a reassurance force after a ceasefire.",
    "{surname} has ruled out sending {adj} soldiers to Ukraine, {outlet} reported on {month} {day}.",
    "According to {outlet}, {capital} is considering a contribution of about {n:,} troops to the mission.",
    "{country} did not rule out joining a peacekeeping force of up to {m:,} personnel.",
    "A senior {adj} official told {outlet} that {capital} would back a European force only with a US backstop.",
    "The {adj} plan would focus on air policing and a buffer zone monitored by between {a:,} and {b:,} troops.",
    "{country} and {country2} expressed willingness to discuss a coalition of {w1} to {w2} countries.",
    "{surname}, who first floated the idea of a deterrence force, has been seeking support for the initiative.",
    "Officials in {capital} said the mission could need tens of thousands of soldiers with rotation.",
    "\u201cWe will not accept foreign troops,\u201d a Kremlin spokesman said, as {outlet} noted the 100-Year Partnership.",
]
BACKGROUND = [
    "The war, now in its {year_word} year, has displaced millions of people and damaged much of the east.",
    "{surname} met {outlet} reporters in {capital} on {month} {day} after a summit on energy prices.",
    "Talks on reconstruction funding are expected to continue next week, officials said.",
    "Inflation in the euro area fell to {pct} percent in {month}, easing pressure on governments.",
    "Ukraine has asked its partners for more air defence systems ahead of the winter.",
    "Analysts say the war has cost {k:,} lives and {bn} billion euros since {year}.",
    "The talks in {capital} on {month} {day} covered energy, trade and the reconstruction of Ukraine.",
    "Negotiators met in Istanbul, but no date has been set for a new round of talks.",
    "The European Commission proposed a new package of sanctions on Russian oil exports.",
    "{country}'s parliament debated the budget on {month} {day}, with defence spending at {pct} percent of output.",
]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "ten"]


def article(rng):
    adj, country, capital = rng.choice(COUNTRIES)
    _, country2, _ = rng.choice(COUNTRIES)
    surname = rng.choice(LAST)
    name = f"{rng.choice(FIRST)} {surname}"
    lines = [f"{country} weighs its role in a European force for Ukraine"]
    size = 0
    while size < 3000:
        values = dict(adj=adj, role=rng.choice(ROLES), name=name, surname=surname, country=country,
                      country2=country2, capital=capital, outlet=rng.choice(OUTLETS), month=rng.choice(MONTHS),
                      day=rng.randint(1, 28), n=rng.randint(2, 60) * 1000, m=rng.randint(10, 120) * 1000,
                      a=rng.randint(5, 20) * 1000, b=rng.randint(21, 40) * 1000, w1=WORDS[rng.randint(0, 3)],
                      w2=WORDS[rng.randint(4, 7)], k=rng.randint(10, 500) * 1000, bn=rng.randint(5, 300),
                      year=rng.randint(2014, 2024))
        values.update(year_word=rng.choice(["third", "fourth"]), pct=rng.randint(1, 4))
        sentences = [rng.choice(TEMPLATES if rng.random() < 0.35 else BACKGROUND) for _ in range(rng.randint(1, 3))]
        paragraph = " ".join(template.format(**values) for template in sentences)
        lines.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for index in range(args.count):
        text = article(rng)
        with open(os.path.join(args.out, f"synthetic_{index:05d}.txt"), "w", encoding="utf-8") as handle:
            handle.write(text)
        total += len(text.encode("utf-8"))
    print(f"{args.count} documents, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
